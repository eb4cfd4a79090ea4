import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import { fieldMessages, toProblem } from '../api/problem';
import { keys } from '../api/queries';
import type { Incident, IncidentRetries } from '../api/types';
import { formatInstant } from '../fields/format';
import { href } from '../routes';
import { ProblemBanner, QueryProblem } from '../ui';

/**
 * What stopped and waits for a person: failed process jobs, plugin steps whose provider kept
 * failing, record events a consumer could not handle. Retry many at once; skip one step with a reason.
 */
export function Incidents() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const incidents = useQuery({ queryKey: keys.incidents(), queryFn: () => api.incidents(), refetchInterval: 5000 });
  const [selected, setSelected] = useState<string[]>([]);
  const [results, setResults] = useState<IncidentRetries['results'] | null>(null);
  const [skipping, setSkipping] = useState<Incident | null>(null);
  const [skipped, setSkipped] = useState<string | null>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: keys.incidents() });
    void client.invalidateQueries({ queryKey: ['instances'] });
    void client.invalidateQueries({ queryKey: ['instance'] });
  };
  const retry = useMutation({
    mutationFn: (ids: string[]) => api.retryIncidents(ids),
    onMutate: () => { setResults(null); setSkipped(null); },
    onSuccess: answer => { setResults(answer.results); setSelected([]); refresh(); },
  });

  return (
    <section>
      <Typography.Title level={2}>{t('processOps.incidentsTitle')}</Typography.Title>
      <Typography.Paragraph className="muted">{t('processOps.incidentsHint')}</Typography.Paragraph>
      <QueryProblem error={incidents.error} />
      {retry.error && <ProblemBanner problem={toProblem(retry.error)} />}
      {results && (
        <Alert type={results.every(r => r.status === 'retrying') ? 'success' : 'warning'} showIcon className="problem" role="status"
          data-testid="retry-results" message={t('processOps.retried', { count: results.filter(r => r.status === 'retrying').length })}
          description={<ul>{results.map(r => (
            <li key={r.id} data-testid="retry-result" data-status={r.status}><code>{r.id}</code>: {t(`processOps.retryStatus.${r.status}`, { defaultValue: r.status })}</li>
          ))}</ul>} />
      )}
      {skipped && <Alert type="success" showIcon className="problem" role="status" data-testid="skip-result" message={t('processOps.skipped', { id: skipped })} />}
      <Space className="bulk-bar">
        <Button type="primary" disabled={selected.length === 0} loading={retry.isPending} data-testid="incidents-retry"
                onClick={() => retry.mutate(selected)}>
          {t('processOps.retrySelected', { count: selected.length })}
        </Button>
      </Space>
      <Table<Incident> size="middle" rowKey="id" dataSource={incidents.data ?? []} loading={incidents.isPending}
        pagination={{ pageSize: 50, hideOnSinglePage: true }} data-testid="incidents-table" locale={{ emptyText: t('processOps.noIncidents') }}
        rowSelection={{
          selectedRowKeys: selected, onChange: k => setSelected(k as string[]),
          getCheckboxProps: i => ({ 'aria-label': t('processOps.selectIncident', { summary: i.summary }) }) as object,
        }}
        onRow={i => ({ 'data-testid': 'incident-row', 'data-id': i.id, 'data-kind': i.kind, 'data-instance': i.processInstanceId ?? '' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'kind', title: t('processOps.kind'), render: (_, i) => <Tag>{t(`processOps.incidentKind.${i.kind}`, { defaultValue: i.kind })}</Tag> },
          { key: 'summary', title: t('processOps.summary'), render: (_, i) => i.summary },
          { key: 'message', title: t('processOps.error'), render: (_, i) => <span className="step-failure" data-testid="incident-message">{i.message}</span> },
          { key: 'attempts', title: t('processOps.attempts'), render: (_, i) => i.attempts },
          { key: 'at', title: t('processOps.at'), render: (_, i) => formatInstant(i.at) },
          { key: 'instance', title: t('processOps.instance'), render: (_, i) => (i.processInstanceId
            ? <Link to={href.instance(i.processInstanceId)} data-testid="incident-instance">{t('processOps.openInstance')}</Link> : t('common.none')) },
          { key: 'actions', title: t('common.actions'), render: (_, i) => (
            <Space>
              <Button size="small" data-testid="incident-retry" onClick={() => retry.mutate([i.id])}>{t('processOps.retry')}</Button>
              {i.kind === 'event'
                ? <Tooltip title={t('processOps.noSkipForEvents')}><Button size="small" disabled>{t('processOps.skip')}</Button></Tooltip>
                : <Button size="small" data-testid="incident-skip" onClick={() => { setSkipped(null); setSkipping(i); }}>{t('processOps.skip')}</Button>}
            </Space>
          ) },
        ]} />
      {skipping && <SkipDialog incident={skipping} onClose={() => setSkipping(null)}
                               onSkipped={id => { setSkipping(null); setSkipped(id); setResults(null); refresh(); }} />}
    </section>
  );
}

/** Skipping leaves a step undone for good, so it asks why; the reason is kept with who and when. */
function SkipDialog({ incident, onClose, onSkipped }: { incident: Incident; onClose: () => void; onSkipped: (id: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [empty, setEmpty] = useState(false);
  const skip = useMutation({ mutationFn: () => api.skipIncident(incident.id, reason.trim()), onSuccess: () => onSkipped(incident.id) });
  const errors = fieldMessages(skip.error ? toProblem(skip.error) : null);
  const message = empty ? t('processOps.reasonRequired') : errors.reason?.join('; ');
  const submit = () => {
    if (!reason.trim()) { setEmpty(true); return; }
    setEmpty(false);
    skip.mutate();
  };
  return (
    <Modal open title={t('processOps.skipTitle', { summary: incident.summary })} onCancel={onClose} onOk={submit}
           okText={t('processOps.skip')} cancelText={t('common.cancel')} confirmLoading={skip.isPending}
           okButtonProps={{ danger: true, id: 'skip-confirm' }} destroyOnHidden>
      <Typography.Paragraph>{t('processOps.skipHint')}</Typography.Paragraph>
      {skip.error && <ProblemBanner problem={toProblem(skip.error)} fields={['reason']} />}
      <Form layout="vertical">
        <Form.Item label={t('processOps.reason')} htmlFor="skip-reason" required validateStatus={message ? 'error' : undefined} help={message}>
          <Input.TextArea id="skip-reason" data-testid="skip-reason" autoFocus maxLength={1000} autoSize={{ minRows: 3 }}
                          value={reason} onChange={e => setReason(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
