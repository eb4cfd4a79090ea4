import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Flex, Form, Input, Menu, Row, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import { type Problem, toProblem } from '../api/problem';
import { keys } from '../api/queries';
import { useEntities } from '../entities';
import { href } from '../routes';
import { Loading, ProblemBanner, QueryProblem } from '../ui';

// The field types an entity may have; the engine checks the document and names what it refuses.
const TYPES = ['text', 'longtext', 'email', 'phone', 'url', 'number', 'integer', 'decimal', 'money', 'percent', 'boolean',
  'date', 'datetime', 'enum', 'multienum', 'link', 'links', 'user', 'file'];

interface FieldDoc {
  name: string;
  label: string;
  type: string;
  required?: boolean;
  options?: { value: string; label: string }[];
  link?: string;
  [more: string]: unknown;
}
interface EntityDoc {
  name: string;
  label: string;
  labelPlural?: string;
  fields: FieldDoc[];
  version?: number;
  [more: string]: unknown;
}

/**
 * Entities for admins: the fields of each (add one with its type, label and options) and the whole
 * definition as JSON for everything else (rules, layout, rollups). A change that would lose data
 * answers 409 with what would be lost; saving again confirms it.
 */
export function Designer() {
  const { entity } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const entities = useEntities();
  return (
    <section data-testid="designer">
      <Typography.Title level={2}>{t('designer.title')}</Typography.Title>
      <Row gutter={24}>
        <Col xs={24} md={6}>
          <nav aria-label={t('designer.entities')}>
            <Menu selectedKeys={entity ? [entity] : ['__new']} onClick={({ key }) => navigate(key === '__new' ? href.designer() : href.designer(key))}
                  items={[...entities.map(e => ({ key: e.name, label: e.label })), { key: '__new', icon: <PlusOutlined />, label: t('designer.newEntity') }]} />
          </nav>
        </Col>
        <Col xs={24} md={18}>
          {entity ? <EditEntity key={entity} name={entity} /> : <NewEntity />}
        </Col>
      </Row>
    </section>
  );
}

function EditEntity({ name }: { name: string }) {
  const doc = useQuery({ queryKey: ['entity-doc', name], queryFn: () => api.entity(name) as unknown as Promise<EntityDoc> });
  if (doc.error) return <QueryProblem error={doc.error} />;
  if (!doc.data) return <Loading />;
  return <EntityEditor initial={doc.data} />;
}

function NewEntity() {
  return <EntityEditor initial={{ name: '', label: '', labelPlural: '', fields: [{ name: 'title', label: 'Title', type: 'text', required: true }] }} isNew />;
}

function EntityEditor({ initial, isNew = false }: { initial: EntityDoc; isNew?: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [doc, setDoc] = useState<EntityDoc>(initial);
  const [json, setJson] = useState(() => JSON.stringify(initial, null, 2));
  const [tab, setTab] = useState('fields');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: ({ body, confirm }: { body: EntityDoc; confirm: boolean }) => api.saveEntity(body.name, body, confirm),
    onMutate: () => setSaved(false),
    onSuccess: (stored) => {
      setSaved(true);
      void client.invalidateQueries({ queryKey: keys.entities() });
      void client.invalidateQueries({ queryKey: ['entity-doc', stored.name] });
      if (isNew) navigate(href.designer(stored.name));
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
    else { const body = current(); if (!body) return; setDoc(body); }
    setTab(next);
  };

  return (
    <Card>
      {saved && <Alert type="success" showIcon className="problem" message={t('designer.saved')} data-testid="designer-saved" />}
      {problem?.preview ? (
        <Alert type="warning" showIcon className="problem" data-testid="designer-preview" message={t('designer.wouldLose')}
          description={
            <>
              <Table size="small" pagination={false} rowKey={r => `${r.field}/${r.change}`} dataSource={problem.preview}
                     columns={[
                       { key: 'f', title: t('designer.field'), dataIndex: 'field' },
                       { key: 'c', title: t('designer.change'), dataIndex: 'change' },
                       { key: 'n', title: t('designer.records'), dataIndex: 'records' },
                     ]} />
              <Button danger onClick={() => submit(true)} loading={save.isPending} data-testid="designer-confirm">{t('designer.saveAnyway')}</Button>
            </>
          } />
      ) : <ProblemBanner problem={problem} />}
      <Flex gap="middle" wrap>
        <Form.Item label={t('designer.name')} htmlFor="entity-name" layout="vertical" required>
          <Input id="entity-name" value={doc.name} disabled={!isNew} onChange={e => setDoc(d => ({ ...d, name: e.target.value }))} />
        </Form.Item>
        <Form.Item label={t('designer.label')} htmlFor="entity-label" layout="vertical" required>
          <Input id="entity-label" value={doc.label} onChange={e => setDoc(d => ({ ...d, label: e.target.value }))} />
        </Form.Item>
        <Form.Item label={t('designer.labelPlural')} htmlFor="entity-plural" layout="vertical">
          <Input id="entity-plural" value={doc.labelPlural ?? ''} onChange={e => setDoc(d => ({ ...d, labelPlural: e.target.value }))} />
        </Form.Item>
      </Flex>
      <Tabs activeKey={tab} onChange={switchTab} items={[
        { key: 'fields', label: t('designer.fields'), children: <FieldsEditor doc={doc} onChange={setDoc} /> },
        {
          key: 'json', label: t('designer.json'), children: (
            <Form.Item label={t('designer.json')} htmlFor="entity-json" layout="vertical" validateStatus={jsonError ? 'error' : undefined}
                       help={jsonError ?? t('designer.jsonHint')}>
              <Input.TextArea id="entity-json" value={json} onChange={e => setJson(e.target.value)} autoSize={{ minRows: 12, maxRows: 30 }}
                              className="code" spellCheck={false} />
            </Form.Item>
          ),
        },
      ]} />
      <Button type="primary" onClick={() => submit(false)} loading={save.isPending} data-testid="designer-save">{t('common.save')}</Button>
    </Card>
  );
}

function FieldsEditor({ doc, onChange }: { doc: EntityDoc; onChange: (doc: EntityDoc) => void }) {
  const { t } = useTranslation();
  const entities = useEntities();
  const [draft, setDraft] = useState<FieldDoc>({ name: '', label: '', type: 'text' });
  const [options, setOptions] = useState('');
  const [error, setError] = useState<string | null>(null);

  function add() {
    if (!/^[a-z][a-z0-9_]*$/.test(draft.name)) { setError(t('designer.namePattern')); return; }
    if (doc.fields.some(f => f.name === draft.name)) { setError(t('designer.nameTaken')); return; }
    const field: FieldDoc = { ...draft, label: draft.label || draft.name };
    if (draft.type === 'enum' || draft.type === 'multienum') {
      field.options = options.split('\n').map(l => l.trim()).filter(Boolean).map(l => {
        const [value, label] = l.split('=').map(s => s.trim());
        return { value, label: label || value };
      });
    }
    setError(null);
    onChange({ ...doc, fields: [...doc.fields, field] });
    setDraft({ name: '', label: '', type: 'text' });
    setOptions('');
  }

  return (
    <>
      <Table<FieldDoc> size="small" rowKey="name" pagination={false} dataSource={doc.fields}
        columns={[
          { key: 'name', title: t('designer.name'), dataIndex: 'name' },
          { key: 'label', title: t('designer.label'), dataIndex: 'label' },
          { key: 'type', title: t('designer.type'), render: (_, f) => f.type + (f.link ? ` → ${f.link}` : '') },
          { key: 'req', title: t('designer.required'), render: (_, f) => (f.required ? t('common.yes') : t('common.no')) },
        ]} />
      <Typography.Title level={5}>{t('designer.addField')}</Typography.Title>
      <Flex gap="small" wrap align="start">
        <Form.Item label={t('designer.name')} htmlFor="field-name" layout="vertical" validateStatus={error ? 'error' : undefined} help={error}>
          <Input id="field-name" value={draft.name} onChange={e => setDraft(d => ({ ...d, name: e.target.value }))} placeholder="loss_reason" />
        </Form.Item>
        <Form.Item label={t('designer.label')} htmlFor="field-label" layout="vertical">
          <Input id="field-label" value={draft.label} onChange={e => setDraft(d => ({ ...d, label: e.target.value }))} />
        </Form.Item>
        <Form.Item label={t('designer.type')} htmlFor="field-type" layout="vertical">
          <Select id="field-type" value={draft.type} onChange={type => setDraft(d => ({ ...d, type }))} className="bulk-select"
                  options={TYPES.map(v => ({ value: v, label: v }))} />
        </Form.Item>
        {(draft.type === 'link' || draft.type === 'links') && (
          <Form.Item label={t('designer.linkTo')} htmlFor="field-link" layout="vertical">
            <Select id="field-link" value={draft.link} onChange={link => setDraft(d => ({ ...d, link }))} className="bulk-select"
                    options={entities.map(e => ({ value: e.name, label: e.label }))} />
          </Form.Item>
        )}
        <Form.Item label=" " layout="vertical">
          <Checkbox checked={draft.required === true} onChange={e => setDraft(d => ({ ...d, required: e.target.checked }))}>{t('designer.required')}</Checkbox>
        </Form.Item>
      </Flex>
      {(draft.type === 'enum' || draft.type === 'multienum') && (
        <Form.Item label={t('designer.options')} htmlFor="field-options" layout="vertical" help={t('designer.optionsHint')}>
          <Input.TextArea id="field-options" value={options} onChange={e => setOptions(e.target.value)} autoSize={{ minRows: 3 }} />
        </Form.Item>
      )}
      <Space><Button icon={<PlusOutlined />} onClick={add} data-testid="designer-add-field">{t('designer.addField')}</Button></Space>
    </>
  );
}
