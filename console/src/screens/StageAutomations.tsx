import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Empty, Flex, Form, Input, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { toProblem } from '../api/problem';
import type { StageAutomation, StageAutomationItem } from '../api/types';
import { useEntity } from '../entities';
import { href } from '../routes';
import { stageName } from './PipelineBoard';
import { ProblemBanner, QueryProblem } from '../ui';

export type AutomationKind = StageAutomation['kind'];
type Setting = Exclude<keyof StageAutomation, 'stage' | 'kind'>;

export const KINDS: AutomationKind[] = ['message', 'task', 'wait', 'field'];

/** The settings each kind asks for, in the order the form shows them; the first ones are required. */
const SETTINGS: Record<AutomationKind, { required: Setting[]; optional: Setting[] }> = {
  message: { required: ['to', 'subject', 'body'], optional: ['name'] },
  task: { required: ['name'], optional: ['candidateGroups'] },
  wait: { required: ['duration'], optional: ['name'] },
  field: { required: ['field', 'value'], optional: ['name'] },
};

export function automationSettings(kind: AutomationKind): Setting[] {
  return [...SETTINGS[kind].required, ...SETTINGS[kind].optional];
}

/** The request for a kind: only its own settings, trimmed, the empty ones left out. Pure, for tests. */
export function automationRequest(stage: string, kind: AutomationKind, values: Partial<Record<Setting, string>>): StageAutomation {
  const request: StageAutomation = { stage, kind };
  for (const setting of automationSettings(kind)) {
    const value = values[setting]?.trim();
    if (value) request[setting] = value;
  }
  return request;
}

/** One line for an automation in the reader's language: what it does on entering its stage. Pure, for tests. */
export function automationSummary(t: TFunction, item: Pick<StageAutomationItem, 'kind' | 'name'>): string {
  return t(`automations.summary.${item.kind}`, { name: item.name ?? '' });
}

/**
 * A pipeline's stage automations (admins), Bitrix24-robot style: send a template message, create
 * a task, wait, or set a field on entering a stage. Each is a BPMN fragment in the process's
 * model, shown here as the XML it adds; changes are draft revisions the admin deploys from the
 * designer.
 */
export function StageAutomations() {
  const { processKey = '' } = useParams();
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const pipeline = useQuery({
    queryKey: ['pipelines'], queryFn: api.pipelines,
    select: list => list.find(p => p.key === processKey),
  });
  const automations = useQuery({ queryKey: ['automations', processKey], queryFn: () => api.stageAutomations(processKey) });
  const remove = useMutation({
    mutationFn: (id: string) => api.removeStageAutomation(processKey, id),
    onSuccess: data => client.setQueryData(['automations', processKey], data),
  });
  const stages = (pipeline.data?.stages ?? []).map(s => ({ ...s, label: stageName(s, i18n.language) }));
  const items = automations.data?.automations ?? [];
  const model = automations.data?.model;

  return (
    <section data-testid="stage-automations">
      <Flex justify="space-between" align="center" className="heading" wrap gap="small">
        <Typography.Title level={2}>{t('automations.title', { name: pipeline.data?.name ?? processKey })}</Typography.Title>
        <Space>
          {model && <Link to={href.process(model.id)} data-testid="automations-designer">{t('automations.openDesigner')}</Link>}
          <Link to={href.pipeline(processKey)}>{t('automations.board')}</Link>
        </Space>
      </Flex>
      <Typography.Paragraph type="secondary">{t('automations.intro')}</Typography.Paragraph>
      {model && !model.deployedDefinitionId && (
        <Alert type="info" showIcon className="problem" data-testid="automations-draft"
               message={t('automations.draft', { revision: model.revision })} />
      )}
      <QueryProblem error={automations.error ?? pipeline.error} />
      {remove.error && <ProblemBanner problem={toProblem(remove.error)} />}
      {stages.map(stage => {
        const own = items.filter(a => a.stage === stage.key);
        return (
          <Card key={stage.key} size="small" className="panel" title={stage.label} data-testid={`automations-stage-${stage.key}`}>
            <List dataSource={own} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('automations.none')} /> }}
                  renderItem={item => (
                    <List.Item data-testid="automation" data-id={item.id} actions={[
                      <Popconfirm key="remove" title={t('automations.removeConfirm')} onConfirm={() => remove.mutate(item.id)}
                                  okText={t('automations.remove')} cancelText={t('common.cancel')}>
                        <Button size="small" danger icon={<DeleteOutlined />} loading={remove.isPending && remove.variables === item.id}
                                aria-label={t('automations.removeNamed', { name: item.name ?? item.id })}>
                          {t('automations.remove')}
                        </Button>
                      </Popconfirm>,
                    ]}>
                      <Flex vertical gap="small" className="grow">
                        <span><Tag>{t(`automations.kind.${item.kind}`)}</Tag>{automationSummary(t, item)}</span>
                        <Collapse size="small" items={[{
                          key: 'bpmn',
                          label: `${t('automations.fragment')} · ${item.elements.join(', ')}`,
                          children: <pre className="bpmn-fragment" data-testid="automation-fragment">{item.fragment}</pre>,
                        }]} />
                      </Flex>
                    </List.Item>
                  )} />
          </Card>
        );
      })}
      {pipeline.data && <AddAutomation processKey={processKey} entity={pipeline.data.entity ?? undefined}
                                       stages={stages.map(s => ({ value: s.key, label: s.label }))} />}
    </section>
  );
}

function AddAutomation({ processKey, entity, stages }: {
  processKey: string; entity?: string; stages: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const fields = useEntity(entity)?.fields ?? [];
  const [stage, setStage] = useState<string | undefined>();
  const [kind, setKind] = useState<AutomationKind>('task');
  const [values, setValues] = useState<Partial<Record<Setting, string>>>({});
  const [missing, setMissing] = useState<Setting[]>([]);
  const add = useMutation({
    mutationFn: (request: StageAutomation) => api.addStageAutomation(processKey, request),
    onSuccess: data => { client.setQueryData(['automations', processKey], data); setValues({}); setMissing([]); },
  });
  const problem = add.error ? toProblem(add.error) : null;
  const fieldError = (name: string) => problem?.errors.find(e => e.field === name)?.message;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const lacking = SETTINGS[kind].required.filter(s => !values[s]?.trim());
    setMissing(lacking);
    if (stage && lacking.length === 0) add.mutate(automationRequest(stage, kind, values));
  };
  const input = (setting: Setting) => {
    const id = `automation-${setting}`;
    const required = SETTINGS[kind].required.includes(setting);
    const error = (missing.includes(setting) && t('common.required')) || fieldError(setting);
    const set = (v: string) => setValues(old => ({ ...old, [setting]: v }));
    return (
      <Form.Item key={setting} label={t(`automations.setting.${setting}`)} htmlFor={id} layout="vertical" required={required}
                 validateStatus={error ? 'error' : undefined} help={error || t(`automations.hint.${setting}`, { defaultValue: '' }) || undefined}>
        {setting === 'field'
          ? <Select id={id} value={values.field} onChange={set} showSearch data-testid={id}
                    options={fields.map(f => ({ value: f.name, label: f.label ?? f.name }))} />
          : setting === 'body'
            ? <Input.TextArea id={id} rows={3} value={values[setting] ?? ''} onChange={e => set(e.target.value)} data-testid={id} />
            : <Input id={id} value={values[setting] ?? ''} onChange={e => set(e.target.value)} data-testid={id} />}
      </Form.Item>
    );
  };

  return (
    <Card size="small" className="panel" title={t('automations.add')} data-testid="automation-add">
      <form onSubmit={submit}>
        <ProblemBanner problem={problem} fields={['stage', 'kind', ...automationSettings(kind)]} />
        <Flex gap="small" wrap>
          <Form.Item label={t('automations.stage')} htmlFor="automation-stage" layout="vertical" required
                     validateStatus={!stage && missing.length > 0 ? 'error' : undefined}>
            <Select id="automation-stage" value={stage} onChange={setStage} options={stages} style={{ minWidth: 200 }}
                    data-testid="automation-stage" />
          </Form.Item>
          <Form.Item label={t('automations.kindLabel')} htmlFor="automation-kind" layout="vertical" required>
            <Select id="automation-kind" value={kind} onChange={k => { setKind(k); setMissing([]); }} style={{ minWidth: 200 }}
                    data-testid="automation-kind" options={KINDS.map(k => ({ value: k, label: t(`automations.kind.${k}`) }))} />
          </Form.Item>
        </Flex>
        {automationSettings(kind).map(input)}
        <Button type="primary" htmlType="submit" loading={add.isPending} disabled={!stage} data-testid="automation-submit">
          {t('automations.addButton')}
        </Button>
      </form>
    </Card>
  );
}
