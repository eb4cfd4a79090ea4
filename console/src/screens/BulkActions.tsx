import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, List, Popconfirm, Progress, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { BulkRequest, Job } from '../api/types';
import { toProblem } from '../api/problem';
import type { Entity } from '../api/types';
import { formatNumber } from '../fields/format';
import { UserPicker } from '../fields/pickers';
import { editableFields, fromInput, type Input as InputValue, toInput } from '../fields/values';
import { FieldControl, ProblemBanner } from '../ui';

/**
 * Changes many records at once: the selected rows, or every record the filter selects. The server
 * runs it as a job (`POST .../bulk` -> `/jobs/{id}`); the bar shows its progress and what failed.
 */
export function BulkActions({ entity, filter, ids, total, clear }: {
  entity: Entity;
  filter: string;
  ids: string[];
  total?: number;
  clear: () => void;
}) {
  const { t } = useTranslation();
  const [scope, setScope] = useState<'selected' | 'filter'>('selected');
  const [action, setAction] = useState<BulkRequest['action']>('update');
  const fields = editableFields(entity.fields);
  const [field, setField] = useState(fields[0]?.name ?? '');
  const [input, setInput] = useState<InputValue>('');
  const [user, setUser] = useState('');
  const [valueError, setValueError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const target = fields.find(f => f.name === field);

  const start = useMutation({
    mutationFn: (request: BulkRequest) => api.bulk(entity.name, request),
    onSuccess: answer => setJobId(answer.jobId),
  });

  function run() {
    setValueError(null);
    const where = scope === 'selected' ? { ids } : { filter: filter || 'true' };
    if (action === 'update') {
      if (!target) return;
      const read = fromInput(target, input);
      if (!read.ok) { setValueError(read.message); return; }
      start.mutate({ action, ...where, values: { [target.name]: read.value } });
    } else if (action === 'assign') {
      if (!user.trim()) { setValueError(t('common.required')); return; }
      start.mutate({ action, ...where, user: user.trim() });
    } else {
      start.mutate({ action, ...where });
    }
  }

  const count = scope === 'selected' ? ids.length : total;
  return (
    <Card size="small" className="bulk-bar" data-testid="bulk-bar" title={t('bulk.title', { count: ids.length })}
          extra={<Button type="link" onClick={clear}>{t('bulk.clearSelection')}</Button>}>
      <Flex gap="middle" wrap align="end">
        <Form.Item label={t('bulk.scope')} layout="vertical">
          <Radio.Group value={scope} onChange={e => setScope(e.target.value)} data-testid="bulk-scope"
                       options={[
                         { value: 'selected', label: t('bulk.selected', { count: formatNumber(ids.length) }) },
                         { value: 'filter', label: total !== undefined ? t('bulk.allMatching', { count: formatNumber(total) }) : t('bulk.allMatchingUnknown') },
                       ]} />
        </Form.Item>
        <Form.Item label={t('bulk.action')} htmlFor="bulk-action" layout="vertical">
          <Select id="bulk-action" value={action} onChange={setAction} className="bulk-select" data-testid="bulk-action"
                  options={[{ value: 'update', label: t('bulk.update') }, { value: 'assign', label: t('bulk.assign') }, { value: 'delete', label: t('bulk.delete') }]} />
        </Form.Item>
        {action === 'update' && (
          <>
            <Form.Item label={t('bulk.field')} htmlFor="bulk-field" layout="vertical">
              <Select id="bulk-field" value={field} onChange={f => { setField(f); setInput(toInput(fields.find(x => x.name === f)!, null)); }}
                      className="bulk-select" data-testid="bulk-field" showSearch={{ optionFilterProp: 'label' }}
                      options={fields.map(f => ({ value: f.name, label: f.label }))} />
            </Form.Item>
            {target && (
              <Form.Item label={t('bulk.value')} htmlFor="bulk-value" layout="vertical" className="grow"
                         validateStatus={valueError ? 'error' : undefined} help={valueError}>
                <FieldControl id="bulk-value" field={target} input={input} onChange={setInput} />
              </Form.Item>
            )}
          </>
        )}
        {action === 'assign' && (
          <Form.Item label={t('bulk.user')} htmlFor="bulk-user" layout="vertical" className="grow"
                     validateStatus={valueError ? 'error' : undefined} help={valueError}>
            <UserPicker id="bulk-user" testId="bulk-user" label={t('bulk.user')} value={user} onChange={setUser} />
          </Form.Item>
        )}
        <Form.Item>
          {action === 'delete' ? (
            <Popconfirm title={t('bulk.deleteConfirm', { count: count === undefined ? '?' : formatNumber(count) })} onConfirm={run}
                        okText={t('common.delete')} cancelText={t('common.cancel')}>
              <Button danger loading={start.isPending} data-testid="bulk-run">{t('bulk.run')}</Button>
            </Popconfirm>
          ) : (
            <Button type="primary" onClick={run} loading={start.isPending} data-testid="bulk-run">{t('bulk.run')}</Button>
          )}
        </Form.Item>
      </Flex>
      {start.error && <ProblemBanner problem={toProblem(start.error)} />}
      {jobId && <JobProgress entity={entity.name} jobId={jobId} />}
    </Card>
  );
}

/** Polls the job each second until it is done or failed (live notices may hurry it along). */
export function JobProgress({ entity, jobId, onFinished }: { entity: string; jobId: string; onFinished?: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [finished, setFinished] = useState(false);
  const job = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: async (): Promise<Job> => {
      const j = await api.job(jobId);
      if ((j.state === 'done' || j.state === 'failed') && !finished) {
        setFinished(true);
        void client.invalidateQueries({ queryKey: ['records', entity] });
        void client.invalidateQueries({ queryKey: ['groups', entity] });
        onFinished?.();
      }
      return j;
    },
    refetchInterval: q => (q.state.data && (q.state.data.state === 'done' || q.state.data.state === 'failed') ? false : 1000),
  });
  if (job.error) return <ProblemBanner problem={toProblem(job.error)} />;
  const j = job.data;
  if (!j) return null;
  const handled = j.done + j.failed;
  const percent = j.total ? Math.round((handled / j.total) * 100) : j.state === 'done' ? 100 : 0;
  return (
    <div className="job" data-testid="bulk-job" data-state={j.state} data-percent={percent}>
      <Progress percent={percent} status={j.state === 'failed' ? 'exception' : j.state === 'done' ? (j.failed ? 'normal' : 'success') : 'active'}
                aria-label={t('bulk.progress')} />
      <Typography.Text aria-live="polite">
        {t(`bulk.state.${j.state}`)} · {t('bulk.counts', { done: formatNumber(j.done), failed: formatNumber(j.failed), total: formatNumber(j.total) })}
      </Typography.Text>
      {j.errors.length > 0 && (
        <Alert type="warning" showIcon className="problem" message={t('bulk.failures')} description={
          <List size="small" dataSource={j.errors.slice(0, 20)} renderItem={e => <List.Item>#{e.id}: {e.detail}</List.Item>} />
        } />
      )}
      {j.state === 'done' && <Space />}
    </div>
  );
}
