import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, List, Select, Space, Table, Tag, Typography } from 'antd';
import { diff } from 'bpmn-js-differ';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { toProblem } from '../api/problem';
import { keys } from '../api/queries';
import type { ActivityMapping, MigrationCandidate, ProcessDefinitionVersions, ProcessVersion } from '../api/types';
import { formatInstant } from '../fields/format';
import { href } from '../routes';
import { Loading, ProblemBanner, QueryProblem } from '../ui';
import { activitiesOf } from './activities';
import { BpmnDiagram } from './BpmnDiagram';
import { Legend } from './InstanceView';
import { changesOf, diffMarks, flowChanges, withFlowChanges, type Change } from './markers';

/** Every deployed process with its versions. */
export function ProcessList() {
  const { t } = useTranslation();
  const definitions = useQuery({ queryKey: keys.processDefinitions(), queryFn: api.processDefinitions });
  return (
    <section>
      <Typography.Title level={2}>{t('processOps.processesTitle')}</Typography.Title>
      <QueryProblem error={definitions.error} />
      <Table<ProcessDefinitionVersions> rowKey="key" dataSource={definitions.data ?? []} loading={definitions.isPending}
        pagination={false} data-testid="processes-table"
        columns={[
          { key: 'name', title: t('processOps.process'), render: (_, p) => <Link to={href.processVersion(p.key)} data-testid="process-link" data-key={p.key}>{p.name ?? p.key}</Link> },
          { key: 'key', title: t('processOps.key'), render: (_, p) => <code>{p.key}</code> },
          { key: 'latest', title: t('processOps.latestVersion'), render: (_, p) => p.versions[0]?.version },
          { key: 'running', title: t('processOps.running'), render: (_, p) => p.versions.reduce((n, v) => n + v.instances, 0) },
        ]} />
    </section>
  );
}

/** One process: its versions, moving running instances between them, and what changed from one to another. */
export function ProcessVersions() {
  const { t } = useTranslation();
  const { key = '' } = useParams();
  const definitions = useQuery({ queryKey: keys.processDefinitions(), queryFn: api.processDefinitions });
  const process = definitions.data?.find(p => p.key === key);
  if (definitions.error) return <QueryProblem error={definitions.error} />;
  if (!definitions.data) return <Loading />;
  if (!process) return <Alert type="warning" showIcon message={t('processOps.unknownProcess', { key })} />;
  return (
    <section>
      <Typography.Title level={2}>{process.name ?? process.key}</Typography.Title>
      <Card size="small" title={t('processOps.versions')}>
        <Table<ProcessVersion> size="small" rowKey="id" dataSource={process.versions} pagination={false} data-testid="versions-table"
          onRow={v => ({ 'data-testid': 'version-row', 'data-version': v.version }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'version', title: t('processOps.versionColumn'), render: (_, v) => v.version },
            { key: 'deployedAt', title: t('processOps.deployedAt'), render: (_, v) => formatInstant(v.deployedAt) },
            { key: 'instances', title: t('processOps.running'), render: (_, v) => (
              <Link to={href.instances({ definitionId: v.id })} data-testid="version-instances">{v.instances}</Link>) },
          ]} />
      </Card>
      <Migration process={process} />
      <VersionDiff process={process} />
    </section>
  );
}

function versionOptions(process: ProcessDefinitionVersions, t: TFunction, except?: string) {
  return process.versions.filter(v => v.id !== except)
    .map(v => ({ value: v.id, label: t('processOps.versionWithCount', { version: v.version, count: v.instances }) }));
}

/**
 * Running instances of an old version move to another: the server previews where each waits and
 * what has no place in the target; unmapped activities get a target chosen here; then all move, or none.
 */
function Migration({ process }: { process: ProcessDefinitionVersions }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const withInstances = process.versions.filter(v => v.instances > 0);
  const [from, setFrom] = useState<string | undefined>(withInstances.find(v => v.id !== process.versions[0]?.id)?.id);
  const [to, setTo] = useState<string | undefined>(process.versions[0]?.id);
  const [mappings, setMappings] = useState<Record<string, string>>({});
  const [done, setDone] = useState<number | null>(null);
  const request = { toDefinitionId: to ?? '', mappings: Object.entries(mappings).filter(([, v]) => v).map(([f, v]) => ({ from: f, to: v })) as ActivityMapping[] };
  const preview = useMutation({ mutationFn: () => api.migrationPreview(from!, request), onMutate: () => setDone(null) });
  const migrate = useMutation({
    mutationFn: () => api.migrate(from!, request),
    onSuccess: r => {
      setDone(r.migrated);
      preview.reset();
      void client.invalidateQueries({ queryKey: keys.processDefinitions() });
      void client.invalidateQueries({ queryKey: ['instances'] });
      void client.invalidateQueries({ queryKey: ['instance'] });
    },
  });
  const targetXml = useQuery({ queryKey: keys.definitionXml(to ?? ''), queryFn: () => api.definitionXml(to!), enabled: !!to, staleTime: Infinity });
  const targets = useMemo(() => (targetXml.data ? activitiesOf(targetXml.data) : []), [targetXml.data]);
  const unmapped = [...new Set((preview.data?.instances ?? []).flatMap(i => i.unmapped))];
  const reset = () => { preview.reset(); migrate.reset(); setDone(null); };

  return (
    <Card className="panel" size="small" title={t('processOps.migrationTitle')} data-testid="migration">
      <Typography.Paragraph className="muted">{t('processOps.migrationHint')}</Typography.Paragraph>
      <Form layout="inline">
        <Space wrap>
          <Form.Item label={t('processOps.fromVersion')} htmlFor="migration-from">
            <Select id="migration-from" data-testid="migration-from" className="view-picker" value={from} aria-label={t('processOps.fromVersion')}
              options={versionOptions(process, t)} onChange={v => { setFrom(v); setMappings({}); reset(); }} />
          </Form.Item>
          <Form.Item label={t('processOps.toVersion')} htmlFor="migration-to">
            <Select id="migration-to" data-testid="migration-to" className="view-picker" value={to} aria-label={t('processOps.toVersion')}
              options={versionOptions(process, t, from)} onChange={v => { setTo(v); setMappings({}); reset(); }} />
          </Form.Item>
          <Button data-testid="migration-preview" disabled={!from || !to || from === to} loading={preview.isPending} onClick={() => preview.mutate()}>
            {t('processOps.preview')}
          </Button>
        </Space>
      </Form>
      {done !== null && <Alert className="panel" type="success" showIcon role="status" data-testid="migration-done" message={t('processOps.migrated', { count: done })} />}
      {preview.error && <div className="panel"><ProblemBanner problem={toProblem(preview.error)} /></div>}
      {migrate.error && (
        <div className="panel" data-testid="migration-refused">
          <ProblemBanner problem={toProblem(migrate.error)}>{t('processOps.nothingMoved')}</ProblemBanner>
        </div>
      )}
      {unmapped.length > 0 && (
        <Card className="panel" size="small" type="inner" title={t('processOps.mapping')}>
          <Typography.Paragraph>{t('processOps.mappingHint')}</Typography.Paragraph>
          {unmapped.map(a => (
            <Form.Item key={a} label={<code>{a}</code>} htmlFor={`mapping-${a}`}>
              <Select id={`mapping-${a}`} data-testid="mapping-target" data-from={a} className="view-picker" allowClear
                aria-label={t('processOps.mapTo', { activity: a })} value={mappings[a]}
                options={targets.map(x => ({ value: x.id, label: `${x.name} (${x.id})` }))}
                onChange={v => setMappings(m => ({ ...m, [a]: v }))} />
            </Form.Item>
          ))}
          <Button data-testid="migration-preview-again" onClick={() => preview.mutate()}>{t('processOps.previewAgain')}</Button>
        </Card>
      )}
      {preview.data && (
        <>
          <Table<MigrationCandidate> className="panel" size="small" rowKey="id" pagination={false} dataSource={preview.data.instances}
            data-testid="migration-candidates" locale={{ emptyText: t('processOps.noRunning') }}
            onRow={i => ({ 'data-testid': 'migration-candidate', 'data-can': String(i.canMigrate) }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'id', title: t('processOps.instance'), render: (_, i) => <Link to={href.instance(i.id)}>{i.id}</Link> },
              { key: 'record', title: t('processOps.record'), render: (_, i) => i.recordId ?? t('common.none') },
              { key: 'where', title: t('processOps.currentSteps'), render: (_, i) => i.activities.map(a => <Tag key={a}>{a}</Tag>) },
              { key: 'can', title: t('processOps.canMigrate'), render: (_, i) => (i.canMigrate
                ? <Tag color="success">{t('common.yes')}</Tag>
                : <Space direction="vertical" size={0}>
                    <Tag color="error">{t('common.no')}</Tag>
                    {i.unmapped.length > 0 && <span>{t('processOps.unmapped', { ids: i.unmapped.join(', ') })}</span>}
                    {i.messages.map((m, n) => <span key={n} className="step-failure">{m}</span>)}
                  </Space>) },
            ]} />
          <Button className="panel" type="primary" data-testid="migration-run" loading={migrate.isPending}
                  disabled={preview.data.instances.length === 0} onClick={() => migrate.mutate()}>
            {t('processOps.migrate', { count: preview.data.instances.length })}
          </Button>
        </>
      )}
    </Card>
  );
}

/** Two versions side by side; removed, changed and added elements marked on the diagrams and listed in words. */
function VersionDiff({ process }: { process: ProcessDefinitionVersions }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const versions = process.versions;
  const to = params.get('to') ?? versions[0]?.id;
  const from = params.get('from') ?? versions.find(v => v.id !== to)?.id;
  const set = (name: string, value: string) => { const next = new URLSearchParams(params); next.set(name, value); setParams(next, { replace: true }); };
  const fromXml = useQuery({ queryKey: keys.definitionXml(from ?? ''), queryFn: () => api.definitionXml(from!), enabled: !!from, staleTime: Infinity });
  const toXml = useQuery({ queryKey: keys.definitionXml(to ?? ''), queryFn: () => api.definitionXml(to!), enabled: !!to, staleTime: Infinity });
  const [before, setBefore] = useState<{ xml: string; definitions: unknown } | null>(null);
  const [after, setAfter] = useState<{ xml: string; definitions: unknown } | null>(null);
  // The differ compares the documents the two viewers parsed; a pair read for other versions is ignored.
  const changes = useMemo<Change[] | null>(() => (before && after && before.xml === fromXml.data && after.xml === toXml.data
    ? withFlowChanges(changesOf(diff(before.definitions, after.definitions)), flowChanges(before.definitions, after.definitions))
    : null), [before, after, fromXml.data, toXml.data]);
  const marks = useMemo(() => (changes ? diffMarks(changes) : { before: [], after: [] }), [changes]);
  const label = (id?: string) => versions.find(v => v.id === id)?.version;

  if (versions.length < 2) {
    return <Card className="panel" size="small" title={t('processOps.diffTitle')}><Empty description={t('processOps.oneVersion')} /></Card>;
  }
  return (
    <Card className="panel" size="small" title={t('processOps.diffTitle')} data-testid="version-diff">
      <Form layout="inline">
        <Space wrap>
          <Form.Item label={t('processOps.diffFrom')} htmlFor="diff-from">
            <Select id="diff-from" data-testid="diff-from" className="view-picker" value={from} aria-label={t('processOps.diffFrom')}
              options={versions.map(v => ({ value: v.id, label: t('processOps.version', { version: v.version }) }))} onChange={v => set('from', v)} />
          </Form.Item>
          <Form.Item label={t('processOps.diffTo')} htmlFor="diff-to">
            <Select id="diff-to" data-testid="diff-to" className="view-picker" value={to} aria-label={t('processOps.diffTo')}
              options={versions.map(v => ({ value: v.id, label: t('processOps.version', { version: v.version }) }))} onChange={v => set('to', v)} />
          </Form.Item>
        </Space>
      </Form>
      <QueryProblem error={fromXml.error ?? toXml.error} />
      <Legend marks={['removed', 'changed', 'added']} />
      <div className="diff-sides">
        <div>
          <Typography.Title level={4}>{t('processOps.version', { version: label(from) })}</Typography.Title>
          {fromXml.data && <BpmnDiagram xml={fromXml.data} marks={marks.before} testId="diff-before"
            label={t('processOps.diffSideLabel', { version: label(from) })}
            onDefinitions={d => setBefore({ xml: fromXml.data!, definitions: d })} />}
        </div>
        <div>
          <Typography.Title level={4}>{t('processOps.version', { version: label(to) })}</Typography.Title>
          {toXml.data && <BpmnDiagram xml={toXml.data} marks={marks.after} testId="diff-after"
            label={t('processOps.diffSideLabel', { version: label(to) })}
            onDefinitions={d => setAfter({ xml: toXml.data!, definitions: d })} />}
        </div>
      </div>
      {changes === null ? <Loading /> : (
        <List className="panel" size="small" bordered data-testid="diff-changes" header={t('processOps.changes', { count: changes.length })}
          locale={{ emptyText: t('processOps.noChanges') }} dataSource={changes}
          renderItem={c => (
            <List.Item data-testid="diff-change" data-kind={c.kind} data-id={c.id}>
              <Space wrap>
                <Tag className={`mark-tag mark-${c.kind}`}>{t(`processOps.mark.${c.kind}`)}</Tag>
                <span>{c.type}</span><strong>{c.name ?? ''}</strong><code>{c.id}</code>
                {c.attrs.map(a => <span key={a.name}>{t('processOps.attrChange', { attr: a.name, from: a.oldValue || t('common.none'), to: a.newValue || t('common.none') })}</span>)}
              </Space>
            </List.Item>
          )} />
      )}
    </Card>
  );
}
