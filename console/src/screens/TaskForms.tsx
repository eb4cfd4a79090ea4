import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, type ButtonProps, Card, Checkbox, Col, Flex, Form, Input, Menu, Modal, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { toProblem } from '../api/problem';
import { keys } from '../api/queries';
import type { FieldInput } from '../api/types';
import { pickLabel } from '../entities';
import { href } from '../routes';
import { Loading, ProblemBanner, QueryProblem } from '../ui';
import { JsonEditor } from './Designer';
import { LabelInputs } from './LabelInputs';
import { type FieldOption, OptionsEditor } from './OptionsEditor';
import { FORM_KEY, type FieldProblem, TASK_FORM_TYPES, type TaskFormDoc, movedField, toTaskFormInput, withField } from './taskForms';

/**
 * Task forms for admins: what a process's user task asks for when it is completed (a BPMN user
 * task names one by its key). Fields of the types a task can ask for, labels in Russian and
 * English, and the whole form as JSON, as in a file of forms/tasks. A change is in force at once,
 * also for tasks already waiting.
 */
export function TaskForms() {
  const { key } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const deleted = (useLocation().state as { deleted?: string } | null)?.deleted;
  const forms = useQuery({ queryKey: keys.taskForms(), queryFn: api.taskForms });
  const language = i18n.resolvedLanguage ?? i18n.language;
  return (
    <section data-testid="task-forms">
      <Typography.Title level={2}>{t('taskForms.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('taskForms.intro')}</Typography.Paragraph>
      {deleted && !key && <Alert type="success" showIcon className="problem" role="status" data-testid="task-form-deleted"
                                 message={t('taskForms.deleted', { label: deleted })} />}
      {forms.error && <QueryProblem error={forms.error} />}
      <Row gutter={24}>
        <Col xs={24} md={5}>
          <nav aria-label={t('taskForms.list')}>
            <Menu selectedKeys={key ? [key] : ['__new']} onClick={({ key: k }) => navigate(k === '__new' ? href.taskForms() : href.taskForms(k))}
                  items={[...(forms.data ?? []).map(f => ({
                    key: f.key,
                    label: <span data-testid={`task-form-${f.key}`} title={t('taskForms.fieldCount', { count: f.fieldCount })}>
                      {pickLabel(f.label, f.labels, language)}
                    </span>,
                  })),
                  { key: '__new', icon: <PlusOutlined />, label: <span data-testid="task-form-new">{t('taskForms.new')}</span> }]} />
          </nav>
        </Col>
        <Col xs={24} md={19}>
          {key ? <EditTaskForm key={key} formKey={key} /> : <TaskFormEditor isNew initial={{ key: '', label: '', fields: [] }} />}
        </Col>
      </Row>
    </section>
  );
}

function EditTaskForm({ formKey }: { formKey: string }) {
  const form = useQuery({ queryKey: keys.taskForm(formKey), queryFn: () => api.taskForm(formKey), staleTime: 0 });
  if (form.error) return <QueryProblem error={form.error} />;
  if (!form.data) return <Loading />;
  return <TaskFormEditor initial={toTaskFormInput(form.data)} />;
}

function TaskFormEditor({ initial, isNew = false }: { initial: TaskFormDoc; isNew?: boolean }) {
  const { t } = useTranslation();
  const arrived = useLocation().state as { saved?: boolean } | null;
  const client = useQueryClient();
  const navigate = useNavigate();
  const [doc, setDoc] = useState<TaskFormDoc>(initial);
  const [json, setJson] = useState(() => JSON.stringify(initial, null, 2));
  const [tab, setTab] = useState('fields');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [keyError, setKeyError] = useState(false);
  const [saved, setSaved] = useState(() => arrived?.saved === true);
  const save = useMutation({
    mutationFn: (body: TaskFormDoc) => api.saveTaskForm(body.key, body),
    onMutate: () => setSaved(false),
    onSuccess: stored => {
      setSaved(true);
      // The next save sends the version now in force, so it is not refused as stale.
      setDoc(toTaskFormInput(stored));
      setJson(JSON.stringify(toTaskFormInput(stored), null, 2));
      void client.invalidateQueries({ queryKey: keys.taskForms() });
      if (isNew) navigate(href.taskForms(stored.key), { state: { saved: true } });
    },
  });

  function current(): TaskFormDoc | null {
    if (tab !== 'json') return doc;
    try {
      const parsed = JSON.parse(json) as TaskFormDoc;
      setJsonError(null);
      return parsed;
    } catch (e) {
      setJsonError(String((e as Error).message));
      return null;
    }
  }
  const submit = () => {
    const body = current();
    if (!body) return;
    const formKey = isNew ? body.key : initial.key;
    setKeyError(!FORM_KEY.test(formKey ?? ''));
    if (FORM_KEY.test(formKey ?? '')) save.mutate({ ...body, key: formKey });
  };
  const switchTab = (next: string) => {
    if (next === 'json') setJson(JSON.stringify(doc, null, 2));
    else if (tab === 'json') { const body = current(); if (!body) return; setDoc(body); }
    setTab(next);
  };
  const change = (next: TaskFormDoc) => { setSaved(false); save.reset(); setDoc(next); };

  return (
    <Card>
      {saved && <Alert type="success" showIcon className="problem" role="status" message={t('taskForms.saved')} data-testid="task-form-saved" />}
      <ProblemBanner problem={save.error ? toProblem(save.error) : null} />
      <Flex gap="middle" wrap>
        <Form.Item label={t('taskForms.key')} htmlFor="task-form-key" layout="vertical" required
                   validateStatus={keyError ? 'error' : undefined} help={keyError ? t('taskForms.keyPattern') : t('taskForms.keyHint')}>
          <Input id="task-form-key" data-testid="task-form-key" value={doc.key} disabled={!isNew} placeholder="call-lead"
                 onChange={e => change({ ...doc, key: e.target.value })} />
        </Form.Item>
        <Form.Item label={t('taskForms.label')} htmlFor="task-form-label" layout="vertical" required>
          <Input id="task-form-label" data-testid="task-form-label" value={doc.label} onChange={e => change({ ...doc, label: e.target.value })} />
        </Form.Item>
        <LabelInputs id="task-form-labels" labels={doc.labels} onChange={labels => change({ ...doc, labels })} />
      </Flex>
      <Tabs activeKey={tab} onChange={switchTab} items={[
        { key: 'fields', label: <span data-testid="task-form-tab-fields">{t('taskForms.fields')}</span>, children: <FieldsEditor doc={doc} onChange={change} /> },
        { key: 'json', label: <span data-testid="task-form-tab-json">{t('designer.json')}</span>,
          children: <JsonEditor name={doc.key} json={json} error={jsonError} onChange={setJson} hint={t('taskForms.jsonHint')} /> },
      ]} />
      <Flex justify="space-between" wrap gap="small" className="actions">
        <Button type="primary" onClick={submit} loading={save.isPending} data-testid="task-form-save">{t('common.save')}</Button>
        {!isNew && <DeleteTaskForm formKey={initial.key} label={doc.label || initial.key} />}
      </Flex>
    </Card>
  );
}

/** Deleting is refused while a deployed process's user task names the form; the dialog shows the engine's answer. */
function DeleteTaskForm({ formKey, label }: { formKey: string; label: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.deleteTaskForm(formKey),
    onSuccess: () => {
      setOpen(false);
      void client.invalidateQueries({ queryKey: keys.taskForms() });
      client.removeQueries({ queryKey: keys.taskForm(formKey) });
      navigate(href.taskForms(), { state: { deleted: label } });
    },
  });
  const close = () => { setOpen(false); remove.reset(); };
  return (
    <>
      <Button danger icon={<DeleteOutlined />} onClick={() => setOpen(true)} data-testid="task-form-delete">{t('common.delete')}</Button>
      <Modal open={open} title={t('taskForms.deleteTitle', { label })} onCancel={close} onOk={() => remove.mutate()}
             okText={t('common.delete')} okButtonProps={{ danger: true, loading: remove.isPending, 'data-testid': 'task-form-delete-confirm' } as ButtonProps}
             cancelText={t('common.cancel')}>
        <Typography.Paragraph>{t('taskForms.deleteHint')}</Typography.Paragraph>
        {remove.error && <ProblemBanner problem={toProblem(remove.error)} />}
      </Modal>
    </>
  );
}

function FieldsEditor({ doc, onChange }: { doc: TaskFormDoc; onChange: (doc: TaskFormDoc) => void }) {
  const { t } = useTranslation();
  const empty: FieldInput = { name: '', label: '', type: 'text' };
  const [draft, setDraft] = useState<FieldInput>(empty);
  const [options, setOptions] = useState<FieldOption[]>([]);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  // The index of the field being edited in the boxes below, or null while they add a new one.
  const [editing, setEditing] = useState<number | null>(null);
  const typeLabel = (type: string) => t(`designer.types.${type}`, { defaultValue: type });
  const choice = draft.type === 'enum' || draft.type === 'multienum';

  function reset() {
    setDraft(empty);
    setOptions([]);
    setEditing(null);
    setProblem(null);
  }

  function apply() {
    const next = withField(doc, draft, options, editing ?? undefined);
    if (typeof next === 'string') { setProblem(next); return; }
    onChange(next);
    reset();
  }

  function edit(index: number) {
    const field = doc.fields[index];
    setDraft({ name: field.name, label: field.label ?? '', labels: field.labels, type: field.type, required: field.required });
    setOptions(field.options ?? []);
    setEditing(index);
    setProblem(null);
    document.getElementById('task-field-name')?.focus();
  }

  return (
    <>
      <Table<FieldInput> size="small" rowKey="name" pagination={false} dataSource={doc.fields}
        locale={{ emptyText: t('taskForms.noFields') }}
        onRow={f => ({ 'data-testid': 'task-form-field', 'data-field': f.name }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'name', title: t('designer.name'), dataIndex: 'name' },
          { key: 'label', title: t('designer.label'), render: (_, f) => (
            <>{f.label}{f.labels && Object.entries(f.labels).map(([lang, l]) => <Tag key={lang}>{lang}: {l}</Tag>)}</>
          ) },
          { key: 'type', title: t('designer.type'), render: (_, f) => (
            <>{typeLabel(f.type)} {f.options?.map(o => <Tag key={o.value}>{o.label}</Tag>)}</>
          ) },
          { key: 'req', title: t('designer.required'), render: (_, f) => (f.required ? t('common.yes') : t('common.no')) },
          {
            key: 'actions', title: '', render: (_, f, i) => (
              <Space size={0}>
                <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0 || editing !== null}
                        aria-label={t('taskForms.moveUp', { name: f.name })} onClick={() => onChange(movedField(doc, i, -1))} />
                <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === doc.fields.length - 1 || editing !== null}
                        aria-label={t('taskForms.moveDown', { name: f.name })} onClick={() => onChange(movedField(doc, i, 1))} />
                <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('taskForms.editField', { name: f.name })}
                        data-testid="task-form-edit-field" onClick={() => edit(i)} />
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('designer.removeField', { name: f.name })}
                        data-testid="task-form-remove-field" disabled={editing !== null}
                        onClick={() => onChange({ ...doc, fields: doc.fields.filter(x => x.name !== f.name) })} />
              </Space>
            ),
          },
        ]} />
      <Typography.Title level={5}>{editing === null ? t('designer.addField') : t('taskForms.editingField', { name: doc.fields[editing]?.name })}</Typography.Title>
      <Flex gap="small" wrap align="start">
        <Form.Item label={t('designer.name')} htmlFor="task-field-name" layout="vertical"
                   validateStatus={problem === 'namePattern' || problem === 'nameTaken' ? 'error' : undefined}
                   help={problem === 'namePattern' || problem === 'nameTaken' ? t(`designer.${problem}`) : undefined}>
          <Input id="task-field-name" data-testid="task-field-name" value={draft.name} placeholder="outcome"
                 onChange={e => setDraft(d => ({ ...d, name: e.target.value }))} />
        </Form.Item>
        <Form.Item label={t('designer.label')} htmlFor="task-field-label" layout="vertical">
          <Input id="task-field-label" data-testid="task-field-label" value={draft.label ?? ''} onChange={e => setDraft(d => ({ ...d, label: e.target.value }))} />
        </Form.Item>
        <LabelInputs id="task-field-labels" labels={draft.labels} onChange={labels => setDraft(d => ({ ...d, labels }))} />
        <Form.Item label={t('designer.type')} htmlFor="task-field-type" layout="vertical">
          <Select id="task-field-type" value={draft.type} onChange={type => setDraft(d => ({ ...d, type }))} className="bulk-select"
                  data-testid="task-field-type" showSearch={{ optionFilterProp: 'label' }}
                  options={TASK_FORM_TYPES.map(v => ({ value: v, label: typeLabel(v) }))} />
        </Form.Item>
        <Form.Item label=" " layout="vertical">
          <Checkbox checked={draft.required === true} data-testid="task-field-required"
                    onChange={e => setDraft(d => ({ ...d, required: e.target.checked }))}>{t('designer.required')}</Checkbox>
        </Form.Item>
      </Flex>
      {choice && (
        <Form.Item validateStatus={problem === 'noOptions' ? 'error' : undefined}
                   help={problem === 'noOptions' ? t('taskForms.noOptions') : undefined}>
          <OptionsEditor id="task-field-options" options={options} onChange={setOptions} />
        </Form.Item>
      )}
      <Space>
        {editing === null
          ? <Button icon={<PlusOutlined />} onClick={apply} data-testid="task-form-add-field">{t('designer.addField')}</Button>
          : <>
              <Button icon={<EditOutlined />} onClick={apply} data-testid="task-form-apply-field">{t('taskForms.applyField')}</Button>
              <Button onClick={reset}>{t('common.cancel')}</Button>
            </>}
      </Space>
    </>
  );
}
