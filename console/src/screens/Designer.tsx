import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, type ButtonProps, Card, Checkbox, Col, Flex, Form, Input, Menu, Modal, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { type Problem, toProblem } from '../api/problem';
import { keys } from '../api/queries';
import type { Entity, EntityDefinitionInput, FieldInput, StageRule, StoredEntityDefinition } from '../api/types';
import { useEntities } from '../entities';
import { href } from '../routes';
import { Loading, ProblemBanner, QueryProblem } from '../ui';
import { FieldEditDialog } from './FieldEditDialog';
import { LabelInputs } from './LabelInputs';
import { LayoutDesigner } from './LayoutDesigner';
import { completeOptions, type FieldOption, OptionsEditor } from './OptionsEditor';

// The field types an entity may have; the engine checks the document and names what it refuses.
const TYPES = ['text', 'longtext', 'email', 'phone', 'url', 'address', 'number', 'decimal', 'money', 'percent', 'boolean',
  'date', 'datetime', 'enum', 'multienum', 'link', 'links', 'user', 'rollup', 'file'];
const ROLLUP_OPS = ['count', 'sum', 'avg', 'min', 'max', 'last'] as const;

export type EntityDoc = EntityDefinitionInput & { name: string; label: string; fields: FieldInput[] };

/** What a PUT takes of a stored definition: the stored one also says who changed it, when, its checksum. */
export function toInput(stored: StoredEntityDefinition): EntityDoc {
  const { name, label, labelPlural, labels, labelsPlural, titleFields, fields, currency, rules, layout, indexes, sources, version } = stored;
  return { name, label, labelPlural, labels, labelsPlural, titleFields, fields, currency, rules, layout, indexes, sources, version };
}

/**
 * Entities for admins: fields of every type (a link with the name its list has on the other side,
 * a rollup over linked records, choices with colours), stage rules, the card's layout by drag and
 * drop, and the whole definition as JSON to export or import. A change that would lose data
 * answers 409 with what would be lost; the admin then confirms or goes back.
 */
export function Designer() {
  const { entity } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const entities = useEntities();
  const retired = (useLocation().state as { retired?: string } | null)?.retired;
  return (
    <section data-testid="designer">
      <Typography.Title level={2}>{t('designer.title')}</Typography.Title>
      {retired && !entity && <Alert type="success" showIcon className="problem" role="status" data-testid="designer-retired"
                                    message={t('retireEntity.done', { label: retired })} />}
      <Row gutter={24}>
        <Col xs={24} md={5}>
          <nav aria-label={t('designer.entities')}>
            <Menu selectedKeys={entity ? [entity] : ['__new']} onClick={({ key }) => navigate(key === '__new' ? href.designer() : href.designer(key))}
                  items={[...entities.map(e => ({ key: e.name, label: <span data-testid={`designer-entity-${e.name}`}>{e.label}</span> })),
                    { key: '__new', icon: <PlusOutlined />, label: <span data-testid="designer-new">{t('designer.newEntity')}</span> }]} />
          </nav>
        </Col>
        <Col xs={24} md={19}>
          {entity ? <EditEntity key={entity} name={entity} /> : <NewEntity />}
        </Col>
      </Row>
    </section>
  );
}

function EditEntity({ name }: { name: string }) {
  const doc = useQuery({ queryKey: ['entity-doc', name], queryFn: () => api.entity(name), staleTime: 0 });
  if (doc.error) return <QueryProblem error={doc.error} />;
  if (!doc.data) return <Loading />;
  return <EntityEditor initial={toInput(doc.data)} />;
}

function NewEntity() {
  const { t } = useTranslation();
  return <EntityEditor isNew initial={{
    name: '', label: '', labelPlural: '', titleFields: ['title'],
    fields: [{ name: 'title', label: t('designer.defaultTitle'), type: 'text', required: true, maxLength: 200 }],
  }} />;
}

function EntityEditor({ initial, isNew = false }: { initial: EntityDoc; isNew?: boolean }) {
  const { t } = useTranslation();
  const arrived = useLocation().state as { saved?: boolean } | null;
  const client = useQueryClient();
  const navigate = useNavigate();
  const [doc, setDoc] = useState<EntityDoc>(initial);
  const [json, setJson] = useState(() => JSON.stringify(initial, null, 2));
  const [tab, setTab] = useState('fields');
  const [jsonError, setJsonError] = useState<string | null>(null);
  // A new entity's editor is replaced by the stored one's; it says "saved" through the navigation.
  const [saved, setSaved] = useState(() => arrived?.saved === true);
  const save = useMutation({
    mutationFn: ({ body, confirm }: { body: EntityDoc; confirm: boolean }) => api.saveEntity(body.name, body, confirm),
    onMutate: () => setSaved(false),
    onSuccess: stored => {
      setSaved(true);
      // The next save sends the version now in force, so it is not refused as stale.
      setDoc(toInput(stored));
      setJson(JSON.stringify(toInput(stored), null, 2));
      void client.invalidateQueries({ queryKey: keys.entities() });
      void client.invalidateQueries({ queryKey: ['entity-doc', stored.name] });
      if (isNew) navigate(href.designer(stored.name), { state: { saved: true } });
    },
  });
  const problem: Problem | null = save.error ? toProblem(save.error) : null;

  function current(): EntityDoc | null {
    if (tab !== 'json') return doc;
    try {
      const parsed = JSON.parse(json) as EntityDoc;
      setJsonError(null);
      return parsed;
    } catch (e) {
      setJsonError(String((e as Error).message));
      return null;
    }
  }
  const submit = (confirm: boolean) => { const body = current(); if (body) save.mutate({ body, confirm }); };
  const switchTab = (next: string) => {
    if (next === 'json') setJson(JSON.stringify(doc, null, 2));
    else if (tab === 'json') { const body = current(); if (!body) return; setDoc(body); }
    setTab(next);
  };
  const change = (next: EntityDoc) => { setSaved(false); save.reset(); setDoc(next); };

  return (
    <Card>
      {saved && <Alert type="success" showIcon className="problem" message={t('designer.saved')} data-testid="designer-saved" />}
      {problem?.preview ? (
        <Alert type="warning" showIcon className="problem" data-testid="designer-preview" message={t('designer.wouldLose')}
          description={
            <>
              <Table size="small" pagination={false} rowKey={r => `${r.field}/${r.change}`} dataSource={problem.preview}
                     columns={[
                       { key: 'f', title: t('designer.field'), render: (_, r) => r.field ?? t('designer.wholeEntity') },
                       { key: 'c', title: t('designer.change'), render: (_, r) => t(`designer.changes.${r.change}`, { defaultValue: r.change }) },
                       { key: 'n', title: t('designer.records'), dataIndex: 'records' },
                     ]} />
              <Space>
                <Button danger onClick={() => submit(true)} loading={save.isPending} data-testid="designer-confirm">{t('designer.saveAnyway')}</Button>
                <Button onClick={() => save.reset()} data-testid="designer-cancel">{t('common.cancel')}</Button>
              </Space>
            </>
          } />
      ) : <ProblemBanner problem={problem} />}
      <Flex gap="middle" wrap>
        <Form.Item label={t('designer.name')} htmlFor="entity-name" layout="vertical" required>
          <Input id="entity-name" value={doc.name} disabled={!isNew} onChange={e => change({ ...doc, name: e.target.value })} />
        </Form.Item>
        <Form.Item label={t('designer.label')} htmlFor="entity-label" layout="vertical" required>
          <Input id="entity-label" value={doc.label} onChange={e => change({ ...doc, label: e.target.value })} />
        </Form.Item>
        <Form.Item label={t('designer.labelPlural')} htmlFor="entity-plural" layout="vertical">
          <Input id="entity-plural" value={doc.labelPlural ?? ''} onChange={e => change({ ...doc, labelPlural: e.target.value })} />
        </Form.Item>
        <LabelInputs id="entity-labels" labels={doc.labels} onChange={labels => change({ ...doc, labels })} />
      </Flex>
      <Tabs activeKey={tab} onChange={switchTab} items={[
        { key: 'fields', label: <span data-testid="designer-tab-fields">{t('designer.fields')}</span>, children: <FieldsEditor doc={doc} onChange={change} /> },
        { key: 'rules', label: <span data-testid="designer-tab-rules">{t('designer.rules')}</span>, children: <RulesEditor doc={doc} onChange={change} /> },
        { key: 'layout', label: <span data-testid="designer-tab-layout">{t('designer.layout')}</span>, children: <LayoutDesigner doc={doc} onChange={change} /> },
        {
          key: 'json', label: <span data-testid="designer-tab-json">{t('designer.json')}</span>, children: (
            <JsonEditor name={doc.name} json={json} error={jsonError} onChange={setJson} />
          ),
        },
      ]} />
      <Flex justify="space-between" wrap gap="small">
        <Button type="primary" onClick={() => submit(false)} loading={save.isPending} data-testid="designer-save">{t('common.save')}</Button>
        {!isNew && <RetireEntity name={initial.name} label={doc.label || initial.name} />}
      </Flex>
    </Card>
  );
}

/**
 * Retiring an entity hides it (menus, lists, every record route) but keeps its table, records and
 * history: defining it again brings them back. The dialog says so before anything happens.
 */
function RetireEntity({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const retire = useMutation({
    mutationFn: () => api.deleteEntity(name, true),
    onSuccess: () => {
      setOpen(false);
      void client.invalidateQueries({ queryKey: keys.entities() });
      client.removeQueries({ queryKey: ['entity-doc', name] });
      navigate(href.designer(), { state: { retired: label } });
    },
  });
  const close = () => { setOpen(false); retire.reset(); };
  return (
    <>
      <Button danger icon={<StopOutlined />} onClick={() => setOpen(true)} data-testid="designer-retire">{t('retireEntity.button')}</Button>
      <Modal open={open} title={t('retireEntity.title', { label })} onCancel={close} onOk={() => retire.mutate()}
             okText={t('retireEntity.confirm')} okButtonProps={{ danger: true, loading: retire.isPending, 'data-testid': 'designer-retire-confirm' } as ButtonProps}
             cancelText={t('common.cancel')}>
        <Typography.Paragraph>{t('retireEntity.hidden', { label })}</Typography.Paragraph>
        <Typography.Paragraph>{t('retireEntity.kept')}</Typography.Paragraph>
        {retire.error && <ProblemBanner problem={toProblem(retire.error)} />}
      </Modal>
    </>
  );
}

export function JsonEditor({ name, json, error, onChange, hint }: { name: string; json: string; error: string | null; onChange: (json: string) => void; hint?: string }) {
  const { t } = useTranslation();
  function download() {
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name || 'entity'}.json`;
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <>
      <Space className="actions">
        <Button icon={<DownloadOutlined />} onClick={download} data-testid="designer-export">{t('designer.export')}</Button>
        <label className="ant-btn ant-btn-default" data-testid="designer-import">
          <UploadOutlined /> {t('designer.import')}
          <input type="file" accept="application/json,.json" hidden
                 onChange={e => { const f = e.target.files?.[0]; if (f) void f.text().then(onChange); }} />
        </label>
      </Space>
      <Form.Item label={t('designer.json')} htmlFor="entity-json" layout="vertical" validateStatus={error ? 'error' : undefined}
                 help={error ?? hint ?? t('designer.jsonHint')}>
        <Input.TextArea id="entity-json" value={json} onChange={e => onChange(e.target.value)} autoSize={{ minRows: 12, maxRows: 30 }}
                        className="code" spellCheck={false} data-testid="designer-json" />
      </Form.Item>
    </>
  );
}

/** The definition without a field: out of the fields, the card's sections and the title fields too. */
export function withoutField(doc: EntityDoc, name: string): EntityDoc {
  return {
    ...doc,
    fields: doc.fields.filter(f => f.name !== name),
    ...(doc.titleFields ? { titleFields: doc.titleFields.filter(n => n !== name) } : {}),
    ...(doc.layout ? { layout: { sections: doc.layout.sections.map(s => ({ ...s, fields: s.fields.filter(n => n !== name) })) } } : {}),
  };
}

/**
 * What a rollup can follow: another entity's link or links field pointing at this one
 * (`deal.contact_id`, `contact.tags`), or a links field of this entity itself (`tags`), whose linked
 * records it then reads. `entity` is the entity whose fields the rollup reads. Links from an entity
 * to itself are left out, as the server refuses them.
 */
export function rollupVias(doc: Pick<EntityDoc, 'name' | 'fields'>, entities: Entity[],
                           ownLabel: (field: string, linked: string) => string) {
  const incoming = entities.filter(e => e.name !== doc.name).flatMap(e => e.fields
    .filter(f => (f.type === 'link' || f.type === 'links') && f.link === doc.name)
    .map(f => ({ value: `${e.name}.${f.name}`, label: `${e.label} · ${f.label}`, entity: e })));
  const own = doc.fields.filter(f => f.type === 'links' && f.link && f.link !== doc.name).flatMap(f => {
    const linked = entities.find(e => e.name === f.link);
    return linked ? [{ value: f.name, label: ownLabel(f.label ?? f.name, linked.label), entity: linked }] : [];
  });
  return [...incoming, ...own];
}

function FieldsEditor({ doc, onChange }: { doc: EntityDoc; onChange: (doc: EntityDoc) => void }) {
  const { t } = useTranslation();
  const entities = useEntities();
  const [draft, setDraft] = useState<FieldInput>({ name: '', label: '', type: 'text' });
  const [options, setOptions] = useState<FieldOption[]>([]);
  const [editing, setEditing] = useState<FieldInput | null>(null);
  const [error, setError] = useState<string | null>(null);
  const vias = rollupVias(doc, entities, (field, linked) => t('designer.rollupOwnLinks', { field, entity: linked }));
  const via = vias.find(v => v.value === draft.rollup?.via);
  const typeLabel = (type: string) => t(`designer.types.${type}`, { defaultValue: type });

  function add() {
    if (!/^[a-z][a-z0-9_]*$/.test(draft.name)) { setError(t('designer.namePattern')); return; }
    if (doc.fields.some(f => f.name === draft.name)) { setError(t('designer.nameTaken')); return; }
    const field: FieldInput = { ...draft, label: draft.label || draft.name };
    if (draft.type === 'enum' || draft.type === 'multienum') field.options = completeOptions(options);
    if (!(draft.type === 'link' || draft.type === 'links')) { delete field.link; delete field.inverse; }
    if (field.inverse && !field.inverse.name) delete field.inverse;
    if (draft.type !== 'rollup') delete field.rollup;
    setError(null);
    onChange({ ...doc, fields: [...doc.fields, field] });
    setDraft({ name: '', label: '', type: 'text' });
    setOptions([]);
  }

  return (
    <>
      <Table<FieldInput> size="small" rowKey="name" pagination={false} dataSource={doc.fields}
        onRow={f => ({ 'data-testid': 'designer-field', 'data-field': f.name }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('designer.name'), dataIndex: 'name' },
          { key: 'label', title: t('designer.label'), dataIndex: 'label' },
          {
            key: 'type', title: t('designer.type'), render: (_, f) => (
              <>
                {typeLabel(f.type)}
                {f.link && ` → ${entities.find(e => e.name === f.link)?.label ?? f.link}`}
                {f.inverse?.name && <Typography.Text type="secondary"> ({t('designer.inverseShort', { label: f.inverse.label ?? f.inverse.name })})</Typography.Text>}
                {f.rollup && <Typography.Text type="secondary"> ({f.rollup.op} · {f.rollup.via}{f.rollup.field ? `.${f.rollup.field}` : ''})</Typography.Text>}
                {f.options?.map(o => <Tag key={o.value} color={o.color}>{o.label}</Tag>)}
              </>
            ),
          },
          { key: 'req', title: t('designer.required'), render: (_, f) => (f.required ? t('common.yes') : t('common.no')) },
          {
            key: 'remove', title: '', render: (_, f) => (
              <Space size={0}>
                <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('designer.editField', { name: f.name })}
                        data-testid="designer-edit-field" onClick={() => setEditing(f)} />
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('designer.removeField', { name: f.name })}
                        data-testid="designer-remove-field"
                        onClick={() => onChange(withoutField(doc, f.name))} />
              </Space>
            ),
          },
        ]} />
      {editing && (
        <FieldEditDialog field={editing} onCancel={() => setEditing(null)}
                         onApply={field => { onChange({ ...doc, fields: doc.fields.map(f => (f.name === field.name ? field : f)) }); setEditing(null); }} />
      )}
      <Typography.Title level={5}>{t('designer.addField')}</Typography.Title>
      <Flex gap="small" wrap align="start">
        <Form.Item label={t('designer.name')} htmlFor="field-name" layout="vertical" validateStatus={error ? 'error' : undefined} help={error}>
          <Input id="field-name" value={draft.name} onChange={e => setDraft(d => ({ ...d, name: e.target.value }))} placeholder="loss_reason" />
        </Form.Item>
        <Form.Item label={t('designer.label')} htmlFor="field-label" layout="vertical">
          <Input id="field-label" value={draft.label} onChange={e => setDraft(d => ({ ...d, label: e.target.value }))} />
        </Form.Item>
        <LabelInputs id="field-labels" labels={draft.labels} onChange={labels => setDraft(d => ({ ...d, labels }))} />
        <Form.Item label={t('designer.type')} htmlFor="field-type" layout="vertical">
          <Select id="field-type" value={draft.type} onChange={type => setDraft(d => ({ ...d, type }))} className="bulk-select"
                  data-testid="designer-field-type" showSearch={{ optionFilterProp: 'label' }}
                  options={TYPES.map(v => ({ value: v, label: typeLabel(v) }))} />
        </Form.Item>
        {(draft.type === 'link' || draft.type === 'links') && (
          <>
            <Form.Item label={t('designer.linkTo')} htmlFor="field-link" layout="vertical">
              <Select id="field-link" value={draft.link} onChange={link => setDraft(d => ({ ...d, link }))} className="bulk-select"
                      data-testid="designer-field-link" options={entities.map(e => ({ value: e.name, label: e.label }))} />
            </Form.Item>
            <Form.Item label={t('designer.inverseName')} htmlFor="field-inverse-name" layout="vertical" help={t('designer.inverseHint')}>
              <Input id="field-inverse-name" value={draft.inverse?.name ?? ''} placeholder="deals"
                     onChange={e => setDraft(d => ({ ...d, inverse: { ...d.inverse, name: e.target.value } }))} />
            </Form.Item>
            <Form.Item label={t('designer.inverseLabel')} htmlFor="field-inverse-label" layout="vertical">
              <Input id="field-inverse-label" value={draft.inverse?.label ?? ''}
                     onChange={e => setDraft(d => ({ ...d, inverse: { name: d.inverse?.name ?? '', label: e.target.value } }))} />
            </Form.Item>
          </>
        )}
        {draft.type === 'rollup' && (
          <>
            <Form.Item label={t('designer.rollupVia')} htmlFor="field-rollup-via" layout="vertical" help={vias.length ? undefined : t('designer.rollupNoVia')}>
              <Select id="field-rollup-via" value={draft.rollup?.via} className="bulk-select" data-testid="designer-rollup-via"
                      onChange={v => setDraft(d => ({ ...d, rollup: { op: d.rollup?.op ?? 'count', ...d.rollup, via: v } }))}
                      options={vias.map(v => ({ value: v.value, label: v.label }))} />
            </Form.Item>
            <Form.Item label={t('designer.rollupOp')} htmlFor="field-rollup-op" layout="vertical">
              <Select id="field-rollup-op" value={draft.rollup?.op ?? 'count'} className="bulk-select" data-testid="designer-rollup-op"
                      onChange={op => setDraft(d => ({ ...d, rollup: { via: d.rollup?.via ?? '', ...d.rollup, op } }))}
                      options={ROLLUP_OPS.map(op => ({ value: op, label: t(`designer.ops.${op}`) }))} />
            </Form.Item>
            {draft.rollup?.op && draft.rollup.op !== 'count' && (
              <Form.Item label={t('designer.rollupField')} htmlFor="field-rollup-field" layout="vertical">
                <Select id="field-rollup-field" value={draft.rollup.field} className="bulk-select" data-testid="designer-rollup-field"
                        onChange={field => setDraft(d => ({ ...d, rollup: { via: d.rollup?.via ?? '', op: d.rollup?.op ?? 'sum', ...d.rollup, field } }))}
                        options={(via?.entity.fields ?? []).map(f => ({ value: f.name, label: f.label }))} />
              </Form.Item>
            )}
            <Form.Item label={t('designer.rollupWhere')} htmlFor="field-rollup-where" layout="vertical">
              <Input id="field-rollup-where" value={draft.rollup?.where ?? ''} placeholder="stage == 'won'"
                     onChange={e => setDraft(d => ({ ...d, rollup: { via: d.rollup?.via ?? '', op: d.rollup?.op ?? 'count', ...d.rollup, where: e.target.value || undefined } }))} />
            </Form.Item>
          </>
        )}
        <Form.Item label=" " layout="vertical">
          <Checkbox checked={draft.required === true} onChange={e => setDraft(d => ({ ...d, required: e.target.checked }))}>{t('designer.required')}</Checkbox>
        </Form.Item>
      </Flex>
      {(draft.type === 'enum' || draft.type === 'multienum') && (
        <OptionsEditor id="field-options" options={options} onChange={setOptions} />
      )}
      <Space><Button icon={<PlusOutlined />} onClick={add} data-testid="designer-add-field">{t('designer.addField')}</Button></Space>
    </>
  );
}

/** Stage rules: when `when` holds, `require` must, else a save is refused naming `field` with `message`. */
function RulesEditor({ doc, onChange }: { doc: EntityDoc; onChange: (doc: EntityDoc) => void }) {
  const { t } = useTranslation();
  const rules: StageRule[] = Array.isArray(doc.rules) ? doc.rules : [];
  const [draft, setDraft] = useState<StageRule>({ when: '', require: '', field: '', message: '' });
  const [missing, setMissing] = useState(false);
  function add() {
    const ok = draft.require.trim() && draft.field && draft.message.trim();
    setMissing(!ok);
    if (!ok) return;
    const rule: StageRule = { require: draft.require.trim(), field: draft.field, message: draft.message.trim(), ...(draft.when?.trim() ? { when: draft.when.trim() } : {}) };
    onChange({ ...doc, rules: [...rules, rule] });
    setDraft({ when: '', require: '', field: '', message: '' });
  }
  const need = (v: string | undefined) => (missing && !v?.trim() ? { validateStatus: 'error' as const, help: t('common.required') } : {});
  return (
    <>
      <Typography.Paragraph type="secondary">{t('designer.rulesHint')}</Typography.Paragraph>
      <Table<StageRule> size="small" rowKey={(r) => `${r.field}/${r.when}/${r.require}`} pagination={false} dataSource={rules}
        locale={{ emptyText: t('designer.noRules') }}
        onRow={() => ({ 'data-testid': 'designer-rule' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'when', title: t('designer.ruleWhen'), render: (_, r) => <code>{r.when ?? '—'}</code> },
          { key: 'require', title: t('designer.ruleRequire'), render: (_, r) => <code>{r.require}</code> },
          { key: 'field', title: t('designer.field'), render: (_, r) => doc.fields.find(f => f.name === r.field)?.label ?? r.field },
          { key: 'message', title: t('designer.ruleMessage'), dataIndex: 'message' },
          {
            key: 'remove', title: '', render: (_, r) => (
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')}
                      onClick={() => onChange({ ...doc, rules: rules.filter(x => x !== r) })} />
            ),
          },
        ]} />
      <Flex gap="small" wrap align="start" className="actions">
        <Form.Item label={t('designer.ruleWhen')} htmlFor="rule-when" layout="vertical">
          <Input id="rule-when" value={draft.when} placeholder="stage == 'lost'" onChange={e => setDraft(d => ({ ...d, when: e.target.value }))} />
        </Form.Item>
        <Form.Item label={t('designer.ruleRequire')} htmlFor="rule-require" layout="vertical" required {...need(draft.require)}>
          <Input id="rule-require" value={draft.require} placeholder="loss_reason != null" onChange={e => setDraft(d => ({ ...d, require: e.target.value }))} />
        </Form.Item>
        <Form.Item label={t('designer.field')} htmlFor="rule-field" layout="vertical" required {...need(draft.field)}>
          <Select id="rule-field" value={draft.field || undefined} className="bulk-select" data-testid="rule-field"
                  onChange={field => setDraft(d => ({ ...d, field }))} options={doc.fields.map(f => ({ value: f.name, label: f.label ?? f.name }))} />
        </Form.Item>
        <Form.Item label={t('designer.ruleMessage')} htmlFor="rule-message" layout="vertical" required className="grow" {...need(draft.message)}>
          <Input id="rule-message" value={draft.message} onChange={e => setDraft(d => ({ ...d, message: e.target.value }))} />
        </Form.Item>
      </Flex>
      <Button icon={<PlusOutlined />} onClick={add} data-testid="designer-add-rule">{t('designer.addRule')}</Button>
    </>
  );
}
