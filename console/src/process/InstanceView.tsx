import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { Activity, ProcessInstanceView, StepSkip } from '../api/types';
import { formatInstant } from '../fields/format';
import { href } from '../routes';
import { Loading, QueryProblem } from '../ui';
import { BpmnDiagram } from './BpmnDiagram';
import { instanceMarks, type Mark } from './markers';

/** One instance for an operator: its diagram with where it is and has been, its state, variables and history. */
export function InstanceView() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const view = useQuery({ queryKey: keys.instance(id), queryFn: () => api.instance(id), refetchInterval: 5000 });
  const xml = useQuery({
    queryKey: keys.definitionXml(view.data?.definitionId ?? ''),
    queryFn: () => api.definitionXml(view.data!.definitionId),
    enabled: !!view.data, staleTime: Infinity,
  });
  const marks = useMemo(() => (view.data ? instanceMarks(view.data) : []), [view.data]);

  if (view.error) return <QueryProblem error={view.error} />;
  if (!view.data) return <Loading />;
  const v = view.data;
  const names = new Map(v.activities.map(a => [a.activityId, a.name ?? a.activityId]));
  const entity = typeof v.variables.entity === 'string' ? v.variables.entity : undefined;

  return (
    <section data-testid="instance-view" data-state={v.state}>
      <Space className="heading" align="center" wrap>
        <Typography.Title level={2}>{v.processName ?? v.processKey}</Typography.Title>
        <Tag>{t('processOps.version', { version: v.version })}</Tag>
        <StateTag state={v.state} />
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
        { key: 'record', label: t('processOps.record'), children: v.recordId
          ? (entity ? <Link to={href.card(entity, v.recordId)} data-testid="instance-record">{v.recordId}</Link> : v.recordId) : t('common.none') },
        { key: 'started', label: t('processOps.startedAt'), children: formatInstant(v.startedAt) },
        { key: 'ended', label: t('processOps.endedAt'), children: v.endedAt ? formatInstant(v.endedAt) : t('common.none') },
      ]} />
      {v.incidents.length > 0 && (
        <Alert type="error" showIcon role="alert" className="panel" data-testid="instance-incidents"
          message={t('processOps.instanceFailed')}
          description={<ul>{v.incidents.map(i => (
            <li key={i.id}><strong>{names.get(i.activityId ?? '') ?? i.activityId}</strong>: {i.message} {' '}
              <Link to={href.incidents()}>{t('processOps.openIncidents')}</Link></li>
          ))}</ul>} />
      )}
      <Card className="panel" size="small" title={t('processOps.diagram')}>
        {xml.error && <QueryProblem error={xml.error} />}
        {xml.data ? <BpmnDiagram xml={xml.data} marks={marks} testId="instance-diagram"
                                 label={t('processOps.diagramLabel', { process: v.processName ?? v.processKey })} />
          : !xml.error && <Loading />}
        <Legend marks={['current', 'failed', 'completed']} />
        <ul className="sr-summary" data-testid="instance-legend">
          {(['failed', 'current'] as Mark[]).map(mark => {
            const ids = marks.filter(m => m.mark === mark).map(m => names.get(m.id) ?? m.id);
            return ids.length > 0 && <li key={mark} data-mark={mark}>{t(`processOps.mark.${mark}`)}: {ids.join(', ')}</li>;
          })}
          <li data-mark="completed">{t('processOps.mark.completed')}: {
            marks.filter(m => m.mark === 'completed' && names.has(m.id)).map(m => names.get(m.id)).join(', ') || t('common.none')}</li>
        </ul>
      </Card>
      <Card className="panel" size="small" title={t('processOps.variables')}>
        <Descriptions size="small" bordered column={1} data-testid="instance-variables"
          items={Object.entries(v.variables).map(([name, value]) => ({
            key: name, label: <code>{name}</code>,
            children: <span className="variables" data-testid={`variable-${name}`}>
              {value === '***' ? <Tag>{t('processOps.secret')}</Tag> : value === null ? t('common.none') : typeof value === 'object' ? JSON.stringify(value) : String(value)}
            </span>,
          }))} />
      </Card>
      <Card className="panel" size="small" title={t('processOps.history')}>
        <Table<Activity> size="small" rowKey={a => `${a.activityId}-${a.startedAt}`} pagination={false} dataSource={v.activities}
          data-testid="instance-history"
          columns={[
            { key: 'name', title: t('processOps.step'), render: (_, a) => a.name ?? a.activityId },
            { key: 'type', title: t('processOps.type'), render: (_, a) => a.type },
            { key: 'assignee', title: t('processOps.assignee'), render: (_, a) => a.assignee ?? t('common.none') },
            { key: 'startedAt', title: t('processOps.startedAt'), render: (_, a) => formatInstant(a.startedAt) },
            { key: 'endedAt', title: t('processOps.endedAt'), render: (_, a) => (a.endedAt ? formatInstant(a.endedAt) : <Tag color="blue">{t('processOps.mark.current')}</Tag>) },
          ]} />
        {v.skips.length > 0 && (
          <Table<StepSkip> className="panel" size="small" rowKey="incidentId" pagination={false} dataSource={v.skips}
            columns={[
              { key: 'step', title: t('processOps.skippedStep'), render: (_, s) => names.get(s.activityId ?? '') ?? s.activityId },
              { key: 'reason', title: t('processOps.reason'), render: (_, s) => s.reason },
              { key: 'by', title: t('processOps.skippedBy'), render: (_, s) => s.skippedBy },
              { key: 'at', title: t('processOps.at'), render: (_, s) => formatInstant(s.skippedAt) },
            ]} />
        )}
      </Card>
    </section>
  );
}

/** The state in words (never colour alone). */
export function StateTag({ state }: { state: ProcessInstanceView['state'] }) {
  const { t } = useTranslation();
  const color = state === 'failed' ? 'error' : state === 'completed' ? 'success' : state === 'suspended' ? 'warning' : 'processing';
  return <Tag color={color} data-testid="instance-state" data-state={state}>{t(`processOps.state.${state}`)}</Tag>;
}

/** What each mark on a diagram means. */
export function Legend({ marks }: { marks: Mark[] }) {
  const { t } = useTranslation();
  return (
    <ul className="legend" aria-label={t('processOps.legend')}>
      {marks.map(m => <li key={m}><span className={`legend-swatch mark-${m}`} aria-hidden="true" />{t(`processOps.mark.${m}`)}</li>)}
    </ul>
  );
}
