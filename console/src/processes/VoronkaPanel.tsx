import { Alert, AutoComplete, Checkbox, Form, Input, InputNumber, Select, Segmented, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entity, TaskFormSummary, User } from '../api/types';
import type { ActionDescriptor, ActionInput } from './api';
import {
  asRule, type InputMode, inputModeOf, ISO_DURATION, relativeDate, ruleOf, STEP_BEANS, type Strategy, strategyOf,
  type TimerMode, timerOf, TRIGGER_EVENTS,
} from './bpmn';
import { type BusinessObject, extensions, replaceExtensions, rootProcess, type Shape, type VoronkaModeler } from './modeler';
import { type Ctx, services } from './panel/context';
import { formKeyOptions } from './panel/formKeys';
import { CallActivityGroup, LoopGroup, loops, RefGroup, refDefinition } from './panel/ElementGroups';
import { LabelGroup } from './panel/LabelGroup';
import { RuleInput } from './panel/RuleInput';

/** Every trigger the panel edits: the record events and by hand, a schedule, a webhook. */
const TRIGGERS = [...TRIGGER_EVENTS, 'schedule', 'webhook'] as const;

interface Props {
  modeler: VoronkaModeler;
  /** The selected element, or null for the process itself. */
  element: Shape | null;
  entities: Entity[];
  actions: ActionDescriptor[];
  users: User[];
  taskForms: TaskFormSummary[];
}

/**
 * The "Voronka" group beside bpmn-js's own properties: what Voronka executes on the selected
 * element, written into the BPMN as the engine reads it. Every change is one bpmn-js command, so
 * undo and redo work and the model counts as edited.
 */
export function VoronkaPanel({ modeler, element, entities, actions, users, taskForms }: Props) {
  const { t } = useTranslation();
  const { element: root, process } = rootProcess({ canvas: modeler.get('canvas') });
  // The start trigger; a webhook that delivers a message or throws a signal is edited on the message's or signal's event.
  const trigger = extensions(process, 'voronka:Trigger').find((tr: BusinessObject) => !tr.message && !tr.signal);
  const entity = entities.find(e => e.name === trigger?.entity);
  const ctx: Ctx = { modeler, entity, entities, actions, users, taskForms };
  const type = element?.type;
  let body;
  if (!element || element === root || type === 'bpmn:Participant') body = <TriggerGroup ctx={ctx} root={root} process={process} trigger={trigger} />;
  else if (type === 'bpmn:UserTask') body = <UserTaskGroup ctx={ctx} element={element} />;
  else if (type === 'bpmn:ServiceTask') body = <PluginStepGroup ctx={ctx} element={element} />;
  else if (type === 'bpmn:CallActivity') body = <CallActivityGroup ctx={ctx} element={element} />;
  else if (type === 'bpmn:SequenceFlow') body = <ConditionGroup ctx={ctx} element={element} />;
  else if (type === 'bpmn:Lane') body = <LabelGroup ctx={ctx} element={element} kind="lane" />;
  else if (timerDefinition(element)) body = <TimerGroup ctx={ctx} element={element} />;
  else if (refDefinition(element)) body = <RefGroup ctx={ctx} element={element} type={refDefinition(element)!} />;
  else if (!loops(element)) body = <Typography.Text type="secondary">{t('processes.panel.nothing')}</Typography.Text>;
  return (
    <section className="voronka-panel" aria-labelledby="voronka-panel-title" data-testid="voronka-panel">
      <Typography.Title level={5} id="voronka-panel-title">{t('processes.panel.title')}</Typography.Title>
      <Form layout="vertical" size="small" key={element?.id ?? 'process'}>
        {body}
        {element && element !== root && loops(element) && <LoopGroup ctx={ctx} element={element} />}
      </Form>
    </section>
  );
}


function timerDefinition(element: Shape): BusinessObject | undefined {
  return (element.businessObject?.eventDefinitions ?? []).find((d: BusinessObject) => d.$type === 'bpmn:TimerEventDefinition');
}

function TriggerGroup({ ctx, root, process, trigger }: { ctx: Ctx; root: Shape; process: BusinessObject; trigger?: BusinessObject }) {
  const { t } = useTranslation();
  const on: string | undefined = trigger?.on;
  // Message webhooks stay as they are, after the start trigger.
  const others = extensions(process, 'voronka:Trigger').filter((tr: BusinessObject) => tr !== trigger);
  const write = (change: Record<string, string | undefined>) => {
    const next = { on: trigger?.on, entity: trigger?.entity, field: trigger?.field, to: trigger?.to, every: trigger?.every,
      key: trigger?.key, fields: trigger?.fields, ...change };
    if ((next as Record<string, string | undefined>)[Object.keys(change)[0]] === trigger?.[Object.keys(change)[0]]) return;
    if (!next.on) {
      replaceExtensions(services(ctx.modeler), root, process, ['voronka:Trigger'], others);
      return;
    }
    if (next.on !== 'changed') { next.field = undefined; next.to = undefined; }
    if (next.on !== 'schedule') next.every = undefined;
    if (next.on !== 'webhook') { next.key = undefined; next.fields = undefined; }
    if (next.on === 'schedule' || next.on === 'webhook') next.entity = undefined;
    const props = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined && v !== ''));
    replaceExtensions(services(ctx.modeler), root, process, ['voronka:Trigger'],
      [ctx.modeler.get('moddle').create('voronka:Trigger', props), ...others]);
  };
  const custom = on && !(TRIGGERS as readonly string[]).includes(on);
  const badEvery = trigger?.every && !ISO_DURATION.test(trigger.every);
  const badKey = trigger?.key && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(trigger.key);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('processes.trigger.about')}</Typography.Paragraph>
      <Form.Item label={t('processes.trigger.on')} htmlFor="trigger-on">
        <Select id="trigger-on" data-testid="trigger-on" allowClear value={on} disabled={!!custom}
          onChange={v => write({ on: v })}
          options={TRIGGERS.map(e => ({ value: e, label: t(`processes.trigger.events.${e}`) }))} />
      </Form.Item>
      {custom && <Alert type="info" showIcon message={t('processes.trigger.custom', { on })} />}
      {on === 'schedule' && (
        <Form.Item label={t('processes.trigger.every')} htmlFor="trigger-every" validateStatus={badEvery ? 'error' : undefined}
          help={badEvery ? t('processes.timer.badDuration') : t('processes.trigger.everyHelp')}>
          <Input id="trigger-every" data-testid="trigger-every" placeholder="P1D" defaultValue={trigger?.every}
            onBlur={e => write({ every: e.target.value.trim() })} />
        </Form.Item>
      )}
      {on === 'webhook' && (
        <>
          <Form.Item label={t('processes.trigger.key')} htmlFor="trigger-key" validateStatus={badKey ? 'error' : undefined}
            help={badKey ? t('processes.trigger.badKey') : trigger?.key ? `${window.location.origin}/api/v1/hooks/${trigger.key}` : t('processes.trigger.keyHelp')}>
            <Input id="trigger-key" data-testid="trigger-key" placeholder="site-form" defaultValue={trigger?.key}
              onBlur={e => write({ key: e.target.value.trim() })} />
          </Form.Item>
          <Form.Item label={t('processes.trigger.fields')} htmlFor="trigger-fields" help={t('processes.trigger.fieldsHelp')}>
            <Select id="trigger-fields" data-testid="trigger-fields" mode="tags" value={trigger?.fields ? String(trigger.fields).split(',').map((f: string) => f.trim()).filter(Boolean) : []}
              onChange={(v: string[]) => write({ fields: v.join(',') })} open={false} />
          </Form.Item>
        </>
      )}
      {on && !custom && on !== 'schedule' && on !== 'webhook' && (
        <Form.Item label={t('processes.trigger.entity')} htmlFor="trigger-entity">
          <Select id="trigger-entity" data-testid="trigger-entity" value={trigger?.entity}
            onChange={v => write({ entity: v, field: undefined })}
            options={ctx.entities.map(e => ({ value: e.name, label: e.label }))} />
        </Form.Item>
      )}
      {on === 'changed' && (
        <>
          <Form.Item label={t('processes.trigger.field')} htmlFor="trigger-field">
            <Select id="trigger-field" data-testid="trigger-field" value={trigger?.field} onChange={v => write({ field: v })}
              options={(ctx.entity?.fields ?? []).map(f => ({ value: f.name, label: f.label }))} />
          </Form.Item>
          <Form.Item label={t('processes.trigger.to')} htmlFor="trigger-to" help={t('processes.trigger.toHelp')}>
            <Input id="trigger-to" data-testid="trigger-to" defaultValue={trigger?.to} onBlur={e => write({ to: e.target.value })} />
          </Form.Item>
        </>
      )}
    </>
  );
}

function UserTaskGroup({ ctx, element }: { ctx: Ctx; element: Shape }) {
  const { t, i18n } = useTranslation();
  const bo = element.businessObject;
  const modeling = ctx.modeler.get('modeling');
  const listeners = extensions(bo, 'flowable:TaskListener');
  const assignment = strategyOf(bo.get('flowable:assignee'), bo.get('flowable:candidateGroups'),
    listeners.map((l: BusinessObject) => l.delegateExpression ?? ''));
  const groups = [...new Set(ctx.users.flatMap(u => [...u.roles, ...(u.teams ?? []).map(team => `team:${team}`)]))];

  const setStrategy = (strategy: Strategy, assignee?: string) => {
    const beans = Object.values(STEP_BEANS);
    const kept = listeners.filter((l: BusinessObject) => !beans.includes((l.delegateExpression ?? '').replace(/\s+/g, '')));
    const bean = STEP_BEANS[strategy];
    const added = bean ? [ctx.modeler.get('moddle').create('flowable:TaskListener', { event: 'create', delegateExpression: bean })] : [];
    replaceExtensions(services(ctx.modeler), element, bo, ['flowable:TaskListener'], [...kept, ...added]);
    modeling.updateProperties(element, { 'flowable:assignee': strategy === 'named' || strategy === 'rule' ? assignee || undefined : undefined });
  };
  // The inbox shows and checks task forms only (an entity's name is no form), so only they are offered.
  const formOptions = formKeyOptions(ctx.taskForms, i18n.resolvedLanguage ?? i18n.language);
  // A rule needs something to start from: the record's first user field, else a user name.
  const firstRule = asRule(ctx.entity?.fields.find(f => f.type === 'user')?.name ?? "'admin'");
  return (
    <>
      <LabelGroup ctx={ctx} element={element} kind="task" />
      <Form.Item label={t('processes.task.form')} htmlFor="task-form" help={t('processes.task.formHelp')}>
        <AutoComplete id="task-form" data-testid="task-form" defaultValue={bo.get('flowable:formKey')} options={formOptions}
          filterOption={(input, option) => `${option?.value ?? ''} ${option?.label ?? ''}`.toLowerCase().includes(input.toLowerCase())}
          onBlur={e => modeling.updateProperties(element, { 'flowable:formKey': (e.target as HTMLInputElement).value || undefined })}
          onSelect={(v: string) => modeling.updateProperties(element, { 'flowable:formKey': v })} />
      </Form.Item>
      <Form.Item label={t('processes.task.strategy')} htmlFor="task-strategy">
        <Select id="task-strategy" data-testid="task-strategy" value={assignment.strategy}
          onChange={(s: Strategy) => setStrategy(s, s === 'named' ? ctx.users[0]?.username : s === 'rule' ? firstRule : undefined)}
          options={(['named', 'round-robin', 'least-loaded', 'rule', 'pool'] as Strategy[]).map(s => ({ value: s, label: t(`processes.task.strategies.${s}`) }))} />
      </Form.Item>
      {assignment.strategy === 'named' && (
        <Form.Item label={t('processes.task.assignee')} htmlFor="task-assignee">
          <Select id="task-assignee" data-testid="task-assignee" value={assignment.assignee} showSearch
            onChange={v => setStrategy('named', v)}
            options={ctx.users.map(u => ({ value: u.username, label: u.displayName || u.username }))} />
        </Form.Item>
      )}
      {assignment.strategy === 'rule' && (
        <RuleInput id="task-rule" label={t('processes.task.rule')} ctx={ctx} value={assignment.rule ?? ''}
          onCommit={expr => setStrategy('rule', asRule(expr))} />
      )}
      <Form.Item label={t('processes.task.groups')} htmlFor="task-groups"
        help={assignment.strategy === 'round-robin' || assignment.strategy === 'least-loaded' || assignment.strategy === 'pool'
          ? t('processes.task.groupsNeeded') : undefined}>
        <Select id="task-groups" data-testid="task-groups" mode="tags" value={assignment.groups}
          onChange={(v: string[]) => modeling.updateProperties(element, { 'flowable:candidateGroups': v.join(',') || undefined })}
          options={groups.map(g => ({ value: g, label: g }))} />
      </Form.Item>
      <Form.Item label={t('processes.task.due')} htmlFor="task-due" help={t('processes.task.dueHelp')}
        validateStatus={validDuration(bo.get('flowable:dueDate')) ? undefined : 'error'}>
        <Input id="task-due" data-testid="task-due" placeholder="P2D" defaultValue={bo.get('flowable:dueDate')}
          onBlur={e => modeling.updateProperties(element, { 'flowable:dueDate': e.target.value.trim() || undefined })} />
      </Form.Item>
    </>
  );
}

function validDuration(text: string | undefined): boolean {
  return !text || ISO_DURATION.test(text) || ruleOf(text) !== null || !Number.isNaN(Date.parse(text));
}

function PluginStepGroup({ ctx, element }: { ctx: Ctx; element: Shape }) {
  const { t } = useTranslation();
  const bo = element.businessObject;
  const actionId: string | undefined = extensions(bo, 'voronka:Action')[0]?.value;
  const action = ctx.actions.find(a => a.id === actionId);
  const inputs = extensions(bo, 'voronka:Input');
  const valueOf = (name: string): string | undefined => inputs.find((i: BusinessObject) => i.name === name)?.value;
  const isStep = (bo.get('flowable:delegateExpression') ?? '').replace(/\s+/g, '') === '${pluginAction}';

  const chooseAction = (id: string) => {
    const moddle = ctx.modeler.get('moddle');
    const descriptor = ctx.actions.find(a => a.id === id);
    ctx.modeler.get('modeling').updateProperties(element, {
      'flowable:delegateExpression': '${pluginAction}', 'flowable:async': true,
      ...(bo.name ? {} : { name: descriptor?.label }),
    });
    const keep = inputs.filter((i: BusinessObject) => descriptor?.inputs.some(d => d.name === i.name));
    replaceExtensions(services(ctx.modeler), element, bo, ['voronka:Action', 'voronka:Input'],
      [moddle.create('voronka:Action', { value: id }), ...keep]);
  };
  const setInput = (name: string, value: string | undefined) => {
    const moddle = ctx.modeler.get('moddle');
    const order = action?.inputs.map(i => i.name) ?? [];
    const next = new Map<string, string>();
    for (const i of inputs) if (i.name) next.set(i.name, i.value ?? '');
    if (value === undefined || value === '') next.delete(name); else next.set(name, value);
    const sorted = [...next.entries()].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    const existingAction = extensions(bo, 'voronka:Action');
    replaceExtensions(services(ctx.modeler), element, bo, ['voronka:Action', 'voronka:Input'],
      [...existingAction, ...sorted.map(([n, v]) => moddle.create('voronka:Input', { name: n, value: v }))]);
  };
  return (
    <>
      <Form.Item label={t('processes.step.action')} htmlFor="step-action"
        help={isStep ? action?.description : t('processes.step.notStep')}>
        <Select id="step-action" data-testid="step-action" value={actionId} onChange={chooseAction}
          options={ctx.actions.map(a => ({ value: a.id, label: `${a.label} (${a.id})` }))} />
      </Form.Item>
      {actionId && !action && <Alert type="error" showIcon message={t('processes.step.unknown', { action: actionId })} />}
      {action?.inputs.map(input => (
        <StepInput key={`${action.id}-${input.name}`} ctx={ctx} input={input} value={valueOf(input.name)}
          onChange={v => setInput(input.name, v)} />
      ))}
    </>
  );
}

function StepInput({ ctx, input, value, onChange }: { ctx: Ctx; input: ActionInput; value?: string; onChange: (v?: string) => void }) {
  const { t } = useTranslation();
  const fields = ctx.entity?.fields ?? [];
  const [mode, setMode] = useState<InputMode>(() => inputModeOf(value, fields.map(f => f.name)));
  const id = `step-input-${input.name}`;
  const label = `${input.label}${input.required ? ' *' : ''}`;
  const missing = input.required && !value;
  return (
    <fieldset className="voronka-step-input" data-testid={id} aria-label={label}>
      <legend>{label}</legend>
      <Segmented size="small" value={mode} onChange={m => setMode(m as InputMode)} data-testid={`${id}-mode`}
        options={(['literal', 'field', 'rule'] as InputMode[]).map(m => ({ value: m, label: t(`processes.step.modes.${m}`) }))} />
      {mode === 'literal' && (
        <Form.Item htmlFor={id} label={t('processes.step.value')} validateStatus={missing ? 'warning' : undefined}
          help={input.secret ? t('processes.step.secret') : input.description}>
          {input.type === 'boolean'
            ? <Switch id={id} checked={value === 'true'} onChange={c => onChange(String(c))} />
            : input.options?.length
              ? <Select id={id} value={value} allowClear onChange={v => onChange(v)} options={input.options.map(o => ({ value: o, label: o }))} />
              : input.type === 'number' || input.type === 'decimal'
                ? <InputNumber id={id} defaultValue={value === undefined ? undefined : Number(value)} style={{ width: '100%' }}
                    onBlur={e => onChange(e.target.value)} />
                : <Input.TextArea id={id} autoSize defaultValue={value} maxLength={input.maxLength ?? undefined}
                    onBlur={e => onChange(e.target.value)} />}
        </Form.Item>
      )}
      {mode === 'field' && (
        <Form.Item htmlFor={id} label={t('processes.step.field')} help={ctx.entity ? undefined : t('processes.noEntity')}>
          <Select id={id} data-testid={`${id}-field`} value={ruleOf(value) ?? undefined} showSearch onChange={v => onChange(asRule(v))}
            options={fields.map(f => ({ value: f.name, label: `${f.label} (${f.name})` }))} />
        </Form.Item>
      )}
      {mode === 'rule' && (
        <RuleInput id={id} label={t('processes.step.rule')} ctx={ctx} value={ruleOf(value) ?? value ?? ''}
          onCommit={expr => onChange(expr ? asRule(expr) : undefined)} />
      )}
    </fieldset>
  );
}

function ConditionGroup({ ctx, element }: { ctx: Ctx; element: Shape }) {
  const { t } = useTranslation();
  const bo = element.businessObject;
  const source = element.source;
  const gateway = source && /Gateway$/.test(source.type) && source.type !== 'bpmn:ParallelGateway' ? source : undefined;
  if (!gateway) return <Typography.Text type="secondary">{t('processes.condition.notGateway')}</Typography.Text>;
  const modeling = ctx.modeler.get('modeling');
  const isDefault = gateway.businessObject.default === bo;
  const body: string | undefined = bo.conditionExpression?.body;
  const commit = (expr: string) => {
    const condition = expr ? ctx.modeler.get('moddle').create('bpmn:FormalExpression', { body: asRule(expr) }) : undefined;
    modeling.updateProperties(element, { conditionExpression: condition });
  };
  return (
    <>
      <Form.Item>
        <Checkbox checked={isDefault} data-testid="condition-default"
          onChange={e => modeling.updateProperties(gateway, { default: e.target.checked ? bo : undefined })}>
          {t('processes.condition.default')}
        </Checkbox>
      </Form.Item>
      {!isDefault && (
        <RuleInput id="condition" label={t('processes.condition.label')} ctx={ctx} value={ruleOf(body) ?? body ?? ''}
          condition onCommit={commit} />
      )}
    </>
  );
}

function TimerGroup({ ctx, element }: { ctx: Ctx; element: Shape }) {
  const { t } = useTranslation();
  const definition = timerDefinition(element);
  const spec = timerOf(definition.timeDuration?.body, definition.timeDate?.body);
  const [mode, setMode] = useState<TimerMode>(spec.mode);
  const dateFields = (ctx.entity?.fields ?? []).filter(f => f.type === 'date' || f.type === 'datetime');
  const write = (kind: 'timeDuration' | 'timeDate', body: string) => {
    const moddle = ctx.modeler.get('moddle');
    const expression = body ? moddle.create('bpmn:FormalExpression', { body }) : undefined;
    ctx.modeler.get('modeling').updateModdleProperties(element, definition, {
      timeDuration: kind === 'timeDuration' ? expression : undefined,
      timeDate: kind === 'timeDate' ? expression : undefined,
      timeCycle: undefined,
    });
  };
  const [field, setField] = useState(spec.field);
  const [days, setDays] = useState(spec.days ?? 0);
  const badDuration = spec.duration && !ISO_DURATION.test(spec.duration);
  return (
    <>
      <Form.Item label={t('processes.timer.kind')}>
        <Segmented value={mode} onChange={m => setMode(m as TimerMode)} data-testid="timer-mode"
          options={(['duration', 'date', 'field'] as TimerMode[]).map(m => ({ value: m, label: t(`processes.timer.modes.${m}`) }))} />
      </Form.Item>
      {mode === 'duration' && (
        <Form.Item label={t('processes.timer.duration')} htmlFor="timer-duration" help={badDuration ? t('processes.timer.badDuration') : t('processes.timer.durationHelp')}
          validateStatus={badDuration ? 'error' : undefined}>
          <Input id="timer-duration" data-testid="timer-duration" placeholder="PT4H" defaultValue={spec.duration}
            onBlur={e => write('timeDuration', e.target.value.trim())} />
        </Form.Item>
      )}
      {mode === 'date' && (
        <Form.Item label={t('processes.timer.date')} htmlFor="timer-date" help={t('processes.timer.dateHelp')}>
          <Input id="timer-date" data-testid="timer-date" placeholder="2026-12-31T09:00:00Z" defaultValue={spec.date}
            onBlur={e => write('timeDate', e.target.value.trim())} />
        </Form.Item>
      )}
      {mode === 'field' && (
        <>
          <Form.Item label={t('processes.timer.field')} htmlFor="timer-field" help={ctx.entity ? undefined : t('processes.noEntity')}>
            <Select id="timer-field" data-testid="timer-field" value={field}
              onChange={v => { setField(v); write('timeDate', relativeDate(v, days)); }}
              options={dateFields.map(f => ({ value: f.name, label: `${f.label} (${f.name})` }))} />
          </Form.Item>
          <Form.Item label={t('processes.timer.days')} htmlFor="timer-days" help={t('processes.timer.daysHelp')}>
            <InputNumber id="timer-days" data-testid="timer-days" value={days} min={-3650} max={3650} style={{ width: '100%' }}
              onChange={v => { const d = Number(v ?? 0); setDays(d); if (field) write('timeDate', relativeDate(field, d)); }} />
          </Form.Item>
        </>
      )}
    </>
  );
}
