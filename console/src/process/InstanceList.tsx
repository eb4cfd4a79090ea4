import { useQuery } from '@tanstack/react-query';
import { Form, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { ProcessInstance } from '../api/types';
import { formatInstant } from '../fields/format';
import { href } from '../routes';
import { QueryProblem } from '../ui';
import { StateTag } from './InstanceView';
import { nameIn } from './labels';

const STATES = ['active', 'failed', 'completed'] as const;

/** Instances of any record, filtered by process or version and by state; the filter lives in the URL. */
export function InstanceList() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = {
    definitionId: params.get('definitionId') ?? undefined,
    processKey: params.get('processKey') ?? undefined,
    state: params.get('state') ?? undefined,
  };
  const definitions = useQuery({ queryKey: keys.processDefinitions(), queryFn: api.processDefinitions });
  const instances = useQuery({ queryKey: keys.instances(filter), queryFn: () => api.instances({ ...filter, limit: 200 }) });
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  // One choice: a whole process (every version) or one version of it.
  const processValue = filter.definitionId ? `d:${filter.definitionId}` : filter.processKey ? `k:${filter.processKey}` : undefined;
  const processOptions = (definitions.data ?? []).map(p => ({
    label: p.name ?? p.key,
    options: [
      { value: `k:${p.key}`, label: t('processOps.allVersions', { process: p.name ?? p.key }) },
      ...p.versions.map(v => ({ value: `d:${v.id}`, label: t('processOps.processVersion', { process: p.name ?? p.key, version: v.version }) })),
    ],
  }));

  return (
    <section>
      <Typography.Title level={2}>{t('processOps.instancesTitle')}</Typography.Title>
      <QueryProblem error={definitions.error ?? instances.error} />
      <Form layout="inline" className="filter">
        <Space wrap>
          <Form.Item label={t('processOps.process')} htmlFor="instances-process">
            <Select id="instances-process" data-testid="instances-process" className="view-picker" allowClear value={processValue}
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('processOps.process')} placeholder={t('processOps.anyProcess')} options={processOptions}
              onChange={(v?: string) => set({ definitionId: v?.startsWith('d:') ? v.slice(2) : undefined, processKey: v?.startsWith('k:') ? v.slice(2) : undefined })} />
          </Form.Item>
          <Form.Item label={t('processOps.stateLabel')} htmlFor="instances-state">
            <Select id="instances-state" data-testid="instances-state" className="bulk-select" allowClear value={filter.state}
              aria-label={t('processOps.stateLabel')} placeholder={t('processOps.anyState')}
              options={STATES.map(s => ({ value: s, label: t(`processOps.state.${s}`) }))} onChange={(v?: string) => set({ state: v })} />
          </Form.Item>
        </Space>
      </Form>
      <Table<ProcessInstance> size="middle" rowKey="id" dataSource={instances.data ?? []} loading={instances.isPending}
        pagination={{ pageSize: 50, hideOnSinglePage: true }} data-testid="instances-table" locale={{ emptyText: t('processOps.noInstances') }}
        onRow={i => ({ 'data-testid': 'instance-row', 'data-id': i.id, 'data-state': i.state }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'process', title: t('processOps.process'), render: (_, i) => <Link to={href.instance(i.id)} data-testid="instance-link">{i.processName ?? i.processKey}</Link> },
          { key: 'version', title: t('processOps.versionColumn'), render: (_, i) => i.version },
          { key: 'record', title: t('processOps.record'), render: (_, i) => i.recordId ?? t('common.none') },
          { key: 'state', title: t('processOps.stateLabel'), render: (_, i) => <StateTag state={i.state} /> },
          { key: 'where', title: t('processOps.currentSteps'), render: (_, i) => i.activities.filter(a => !a.endedAt).map(a => <Tag key={a.activityId}>{nameIn(a.name, a.labels, i18n.language) ?? a.activityId}</Tag>) },
          { key: 'started', title: t('processOps.startedAt'), render: (_, i) => formatInstant(i.startedAt) },
        ]} />
    </section>
  );
}
