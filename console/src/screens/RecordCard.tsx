import { DeleteOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { fieldMessages, toProblem } from '../api/problem';
import { keys, useRecordQuery } from '../api/queries';
import type { Entity, ProcessInstance, RecordData, Values } from '../api/types';
import { useEntity } from '../entities';
import { FieldValue } from '../fields/FieldValue';
import { formatInstant, formatValue, pluralLabel, recordTitle } from '../fields/format';
import { editableFields, type Inputs, isReadOnly, toInputs, valuesToUpdate } from '../fields/values';
import { type Notice, useLive } from '../live';
import { href } from '../routes';
import { useIsAdmin } from '../session';
import { Loading, ProblemBanner, QueryProblem } from '../ui';
import { LinkedRecords } from './LinkedRecords';
import { LayoutForm, LayoutView } from './RecordLayout';
import { RecordTimeline } from './RecordTimeline';
import { nameIn } from '../process/labels';

export function RecordCard() {
  const { entity: name = '', id = '' } = useParams();
  const { t } = useTranslation();
  const entity = useEntity(name);
  if (!entity) return <ProblemBanner problem={{ title: t('common.unknownEntity', { name }), status: 404, errors: [] }} />;
  return <RecordCardBody key={`${name}/${id}`} entity={entity} id={id} />;
}

function RecordCardBody({ entity, id }: { entity: Entity; id: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const record = useRecordQuery(entity.name, id);
  // Everything on the card about this record reads again: the values, processes, links, timeline.
  const refresh = useCallback(() => {
    void client.invalidateQueries({ queryKey: keys.record(entity.name, id) });
    void client.invalidateQueries({ queryKey: keys.processes(id) });
    void client.invalidateQueries({ queryKey: ['linked'] });
    void client.invalidateQueries({ queryKey: ['records'] });
    void client.invalidateQueries({ queryKey: ['timeline', entity.name, id] });
    void client.invalidateQueries({ queryKey: keys.history(entity.name, id) });
  }, [client, entity.name, id]);
  const live = useLiveCard(entity.name, id, record.data?.version, refresh);

  if (record.error) return <QueryProblem error={record.error} />;
  if (!record.data) return <Loading />;
  const data = record.data;

  return (
    <section data-testid="record-card" data-entity={entity.name} data-record-id={String(data.id)} data-version={data.version}>
      <Breadcrumb items={[{ title: <Link to={href.list(entity.name)}>{pluralLabel(entity)}</Link> }, { title: `#${data.id}` }]} />
      <Flex justify="space-between" align="center" className="heading">
        <Typography.Title level={2} data-testid="record-title">{recordTitle(entity, data)}</Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh} data-testid="card-refresh">{t('common.refresh')}</Button>
          <DeleteRecord entity={entity} record={data} />
        </Space>
      </Flex>
      <p className="muted live-note" role="status" aria-live="polite" data-testid="live-note">{live.note ?? ''}</p>
      <Details entity={entity} record={data} onEditing={live.setEditing} onReload={refresh} />
      <ProcessInstances recordId={id} />
      <LinkedRecords entity={entity} id={id} />
      <RecordTimeline entity={entity} record={data} />
    </section>
  );
}

/**
 * Keeps the card current: a change to this record (or to a task on it) made anywhere reads the
 * card again (live.ts marks it stale), unless the user is editing it; then their inputs stay and a
 * note says a save will be refused. A notice for the version already shown (our own save) says nothing.
 */
function useLiveCard(entity: string, id: string, version: number | undefined, refresh: () => void) {
  const { t } = useTranslation();
  const editing = useRef(false);
  const shown = useRef(version);
  shown.current = version;
  const [note, setNote] = useState<string | null>(null);
  useLive(
    n => (n.kind === 'record' && n.entity === entity && n.recordId === id) || (n.kind === 'task' && n.recordId === id),
    n => {
      if (n.kind === 'record' && n.version !== undefined && shown.current !== undefined && n.version <= shown.current) return;
      if (editing.current && n.kind === 'record') {
        setNote(t('record.changedWhileEditing'));
        return;
      }
      setNote(n.kind === 'record' ? describe(n, t) : null);
      refresh();
    },
  );
  const setEditing = useCallback((on: boolean) => {
    const was = editing.current;
    editing.current = on;
    if (was && !on) setNote(null);
  }, []);
  return { note, setEditing };
}

function describe(n: Notice, t: TFunction): string {
  if (n.type === 'deleted') return t('record.deletedElsewhere');
  return n.changed?.length ? t('record.updatedFields', { fields: n.changed.join(', ') }) : t('record.updated');
}

function DeleteRecord({ entity, record }: { entity: Entity; record: RecordData }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const admin = useIsAdmin();
  const remove = useMutation({
    mutationFn: () => api.deleteRecord(entity.name, String(record.id), record.version),
    onSuccess: () => navigate(href.list(entity.name)),
  });
  if (!admin) return null;
  return (
    <>
      <Popconfirm title={t('record.deleteConfirm')} description={t('record.deleteHint')} onConfirm={() => remove.mutate()}
                  okText={t('common.delete')} cancelText={t('common.cancel')}>
        <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="record-delete">{t('common.delete')}</Button>
      </Popconfirm>
      {remove.error && <ProblemBanner problem={toProblem(remove.error)} />}
    </>
  );
}

function Details({ entity, record, onEditing, onReload }: {
  entity: Entity;
  record: RecordData;
  onEditing: (editing: boolean) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const fields = editableFields(entity.fields);
  const computed = entity.fields.filter(isReadOnly);
  // The values and the version the edit started from: a save sends that version, so an edit made
  // meanwhile elsewhere is refused (409) instead of overwritten.
  const [editing, setEditing] = useState<{ inputs: Inputs; base: RecordData } | null>(null);
  useEffect(() => { onEditing(editing !== null); }, [editing, onEditing]);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const save = useMutation({
    mutationFn: ({ base, values }: { base: RecordData; values: Values }) =>
      api.updateRecord(entity.name, String(base.id), base.version, values),
    onSuccess: saved => {
      client.setQueryData(keys.record(entity.name, String(saved.id)), saved);
      setEditing(null);
      void client.invalidateQueries({ queryKey: ['timeline', entity.name, String(saved.id)] });
      void client.invalidateQueries({ queryKey: keys.history(entity.name, String(saved.id)) });
    },
    onError: err => setErrors(fieldMessages(toProblem(err))),
  });
  const problem = save.error ? toProblem(save.error) : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!editing) return;
    const { values, errors: invalid } = valuesToUpdate(fields, editing.inputs, editing.base.values);
    setErrors(invalid);
    if (Object.keys(invalid).length) return;
    if (Object.keys(values).length === 0) { setEditing(null); return; }
    save.mutate({ base: editing.base, values });
  }

  const cancel = () => { setEditing(null); setErrors({}); save.reset(); };

  return (
    <Card className="panel">
      {computed.length > 0 && (
        <Space className="computed-row" wrap>
          {computed.map(f => (
            <span key={f.name} className="computed">
              <span className="label">{f.label}</span>{' '}
              <Tag className={`badge value-${String(record.values[f.name])}`} data-testid={`value-${f.name}`}
                   data-value={String(record.values[f.name] ?? '')}>
                {formatValue(f, record.values[f.name])}
              </Tag>
            </span>
          ))}
        </Space>
      )}
      {editing ? (
        <form onSubmit={submit} data-testid="record-edit-form" noValidate>
          {problem?.status === 409 ? (
            <Alert type="warning" showIcon data-testid="problem" message={t('record.conflictTitle')}
                   description={<>{t('record.conflictDetail', { version: editing.base.version })}{' '}
                     <Button onClick={() => { cancel(); onReload(); }} data-testid="conflict-reload">{t('common.reload')}</Button></>} />
          ) : <ProblemBanner problem={problem} fields={fields.map(f => f.name)} />}
          <LayoutForm entity={entity} fields={fields} inputs={editing.inputs} errors={errors}
                      onChange={(n, v) => setEditing(s => s && { ...s, inputs: { ...s.inputs, [n]: v } })} />
          <Space>
            <Button type="primary" htmlType="submit" data-testid="record-save" loading={save.isPending}>{t('common.save')}</Button>
            <Button onClick={cancel}>{t('common.cancel')}</Button>
          </Space>
        </form>
      ) : (
        <>
          <LayoutView entity={entity} fields={fields} render={f => (
            <span data-testid={`value-${f.name}`} data-value={String(record.values[f.name] ?? '')}>
              <FieldValue field={f} value={record.values[f.name]} />
            </span>
          )} />
          <Flex gap="middle" align="center" className="actions">
            <Button icon={<EditOutlined />} onClick={() => setEditing({ inputs: toInputs(fields, record.values), base: record })}
                    data-testid="record-edit">{t('common.edit')}</Button>
            <span className="muted">{t('common.version', { version: record.version })} · {t('common.updatedAt', { when: formatInstant(record.updatedAt) })}</span>
          </Flex>
        </>
      )}
    </Card>
  );
}

function ProcessInstances({ recordId }: { recordId: string }) {
  const { t, i18n } = useTranslation();
  const admin = useIsAdmin();
  const instances = useQuery({ queryKey: keys.processes(recordId), queryFn: () => api.processInstances(recordId) });
  return (
    <Card className="panel" title={t('record.processes')} size="small">
      <QueryProblem error={instances.error} />
      <Table<ProcessInstance> size="small" rowKey="id" pagination={false} dataSource={instances.data ?? []}
        loading={instances.isPending} locale={{ emptyText: t('record.noProcesses') }}
        onRow={p => ({ 'data-testid': 'process-instance', 'data-process-key': p.processKey, 'data-state': p.state }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          // Admins open the instance view: the diagram, variables and history.
          { key: 'name', title: t('record.process'), render: (_, p) => (admin
            ? <Link to={href.instance(p.id)} data-testid="process-instance-link">{p.processName ?? p.processKey}</Link> : p.processName) },
          { key: 'state', title: t('record.state'), render: (_, p) => <Tag className={`state-${p.state}`}>{t(`record.processState.${p.state}`, { defaultValue: p.state })}</Tag> },
          {
            key: 'at', title: t('record.nowAt'), render: (_, p) => (
              <>
                {p.state === 'active' ? currentSteps(p, i18n.language) : '—'}
                {p.failures?.map(f => (
                  <div key={f.activityId + f.message} className="step-failure" data-testid="step-failure">
                    {f.name ?? f.activityId}: {f.incident ? t('record.stepStopped') : t('record.stepFailed', { retries: f.retriesLeft })} — {f.message ?? '?'}
                  </div>
                ))}
              </>
            ),
          },
          { key: 'started', title: t('record.started'), render: (_, p) => formatInstant(p.startedAt) },
          { key: 'ended', title: t('record.ended'), render: (_, p) => formatInstant(p.endedAt) },
        ]} />
    </Card>
  );
}

function currentSteps(p: ProcessInstance, language: string): string {
  const open = (p.activities ?? []).filter(a => a.endedAt === null);
  if (open.length === 0) return p.failures?.length ? '' : '—';
  return open.map(a => (nameIn(a.name, a.labels, language) ?? a.activityId) + (a.assignee ? ` (${a.assignee})` : '')).join(', ');
}
