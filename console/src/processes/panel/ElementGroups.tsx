import { Alert, Button, Checkbox, Form, Input, Segmented, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { processApi } from '../api';
import { asRule, ruleOf } from '../bpmn';
import { type BusinessObject, extensions, replaceExtensions, rootProcess, type Shape } from '../modeler';
import { type Ctx, services } from './context';
import {
  callOf, declared, definitionsOf, DEFINITION_OF, eventDefinition, type LoopMode, loopOf, type Mapping, refer, type RefType,
  setCalledElement, setCallFlags, setCallVariables, setLoop,
} from './model';
import { RuleInput } from './RuleInput';

/** The counters Flowable gives every instance of a loop, declared for the check as you type. */
const LOOP_COUNTERS = ['loopCounter', 'nrOfInstances', 'nrOfActiveInstances', 'nrOfCompletedInstances'];
const REF_TYPES: RefType[] = ['bpmn:Message', 'bpmn:Signal', 'bpmn:Escalation'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The message, signal or escalation definition an event has, with the root element type it names. */
export function refDefinition(element: Shape): RefType | undefined {
  return REF_TYPES.find(type => eventDefinition(element.businessObject, DEFINITION_OF[type]));
}

/** Whether the element can run as a multi-instance (tasks, sub-processes, call activities). */
export function loops(element: Shape): boolean {
  return /Task$|^bpmn:SubProcess$|^bpmn:CallActivity$/.test(element.type) && !element.businessObject.triggeredByEvent;
}

/** A call activity: which deployed process it runs, on the same record, with which variables in and out. */
export function CallActivityGroup({ ctx, element }: { ctx: Ctx; element: Shape }) {
  const { t } = useTranslation();
  const edit = services(ctx.modeler);
  const spec = callOf(element.businessObject);
  const [keys, setKeys] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    processApi.definitions().then(list => { if (current) setKeys(list.map(d => d.key)); }, () => undefined);
    return () => { current = false; };
  }, []);
  const known = !spec.calledElement || spec.calledElement.includes('${') || keys.length === 0 || keys.includes(spec.calledElement);
  return (
    <>
      <Form.Item label={t('processes.call.process')} htmlFor="call-process"
        validateStatus={known ? undefined : 'warning'} help={known ? t('processes.call.processHelp') : t('processes.call.unknown')}>
        <Select id="call-process" data-testid="call-process" showSearch allowClear value={spec.calledElement}
          onChange={(key?: string) => { if (key !== spec.calledElement) setCalledElement(edit, element, key); }}
          options={keys.map(k => ({ value: k, label: k }))} />
      </Form.Item>
      <Form.Item>
        <Checkbox data-testid="call-business-key" checked={spec.inheritBusinessKey}
          onChange={e => setCallFlags(edit, element, { inheritBusinessKey: e.target.checked })}>{t('processes.call.sameRecord')}</Checkbox>
      </Form.Item>
      <Form.Item>
        <Checkbox data-testid="call-inherit" checked={spec.inheritVariables}
          onChange={e => setCallFlags(edit, element, { inheritVariables: e.target.checked })}>{t('processes.call.allVariables')}</Checkbox>
      </Form.Item>
      {!spec.inheritVariables && (
        <Mappings id="call-in" legend={t('processes.call.in')} ctx={ctx} mappings={spec.ins}
          onChange={ins => setCallVariables(edit, element, ins, spec.outs)} />
      )}
      <Mappings id="call-out" legend={t('processes.call.out')} ctx={ctx} mappings={spec.outs}
        onChange={outs => setCallVariables(edit, element, spec.ins, outs)} />
    </>
  );
}

/** Rows of "source → target"; the source is a variable, or a rule expression in ${...}. */
function Mappings({ id, legend, mappings, onChange }: { id: string; legend: string; ctx: Ctx; mappings: Mapping[]; onChange: (m: Mapping[]) => void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState(() => mappings.map(m => ({ source: m.sourceExpression ?? m.source ?? '', target: m.target })));
  const commit = (next: { source: string; target: string }[]) => {
    setRows(next);
    const before = JSON.stringify(mappings.map(m => [m.sourceExpression ?? m.source ?? '', m.target]));
    const complete = next.filter(r => r.source.trim() && r.target.trim());
    if (JSON.stringify(complete.map(r => [r.source.trim(), r.target.trim()])) === before) return;
    onChange(complete.map(r => r.source.includes('${') ? { sourceExpression: r.source.trim(), target: r.target.trim() }
      : { source: r.source.trim(), target: r.target.trim() }));
  };
  return (
    <fieldset className="voronka-step-input" data-testid={id}>
      <legend>{legend}</legend>
      {rows.map((row, i) => (
        <Space.Compact key={i} block style={{ marginBottom: 4 }}>
          <Input aria-label={t('processes.call.source', { n: i + 1 })} placeholder={t('processes.call.sourcePlaceholder')} defaultValue={row.source}
            onBlur={e => commit(rows.map((r, j) => j === i ? { ...r, source: e.target.value } : r))} />
          <Input aria-label={t('processes.call.target', { n: i + 1 })} placeholder={t('processes.call.targetPlaceholder')} defaultValue={row.target}
            onBlur={e => commit(rows.map((r, j) => j === i ? { ...r, target: e.target.value } : r))} />
          <Button aria-label={t('processes.call.remove', { n: i + 1 })} onClick={() => commit(rows.filter((_, j) => j !== i))}>×</Button>
        </Space.Compact>
      ))}
      <Button size="small" data-testid={`${id}-add`} onClick={() => setRows([...rows, { source: '', target: '' }])}>{t('processes.call.add')}</Button>
    </fieldset>
  );
}

/** Multi-instance: once per item of a collection or a number of times, in parallel or one after another. */
export function LoopGroup({ ctx, element }: { ctx: Ctx; element: Shape }) {
  const { t } = useTranslation();
  const edit = services(ctx.modeler);
  const spec = loopOf(element.businessObject);
  const [mode, setMode] = useState<LoopMode>(spec.mode);
  const changeMode = (next: LoopMode) => { setMode(next); setLoop(edit, element, { mode: next }); };
  const badVariable = spec.elementVariable && !NAME.test(spec.elementVariable);
  return (
    <fieldset className="voronka-step-input" data-testid="loop" aria-labelledby="loop-legend">
      <legend id="loop-legend">{t('processes.loop.title')}</legend>
      <Segmented value={mode} data-testid="loop-mode" onChange={m => changeMode(m as LoopMode)}
        options={(['none', 'parallel', 'sequential'] as LoopMode[]).map(m => ({ value: m, label: t(`processes.loop.modes.${m}`) }))} />
      {mode !== 'none' && (
        <>
          <RuleInput id="loop-collection" label={t('processes.loop.collection')} ctx={ctx} variable help={t('processes.loop.collectionHelp')}
            value={ruleOf(spec.collection) ?? spec.collection ?? ''} onCommit={expr => setLoop(edit, element, { collection: expr ? asRule(expr) : '' })} />
          <Form.Item label={t('processes.loop.element')} htmlFor="loop-element" validateStatus={badVariable ? 'error' : undefined}
            help={badVariable ? t('processes.loop.badName') : t('processes.loop.elementHelp')}>
            <Input id="loop-element" data-testid="loop-element" defaultValue={spec.elementVariable}
              onBlur={e => { if ((e.target.value.trim() || undefined) !== spec.elementVariable) setLoop(edit, element, { elementVariable: e.target.value.trim() }); }} />
          </Form.Item>
          <RuleInput id="loop-cardinality" label={t('processes.loop.cardinality')} ctx={ctx} locals={LOOP_COUNTERS}
            value={ruleOf(spec.cardinality) ?? spec.cardinality ?? ''} onCommit={expr => setLoop(edit, element, { cardinality: expr ? asRule(expr) : '' })} />
          <RuleInput id="loop-completion" label={t('processes.loop.completion')} ctx={ctx} condition locals={LOOP_COUNTERS}
            help={t('processes.loop.completionHelp')}
            value={ruleOf(spec.completion) ?? spec.completion ?? ''} onCommit={expr => setLoop(edit, element, { completion: expr ? asRule(expr) : '' })} />
        </>
      )}
    </fieldset>
  );
}

/**
 * A message, signal or escalation event: pick one the model declares or name a new one. A message
 * shows the webhook that delivers it, or offers to add one; so does a signal that is caught (a
 * webhook may throw it from outside, to every process waiting for it).
 */
export function RefGroup({ ctx, element, type }: { ctx: Ctx; element: Shape; type: RefType }) {
  const { t } = useTranslation();
  const kind = type.slice(5).toLowerCase();
  const bo = element.businessObject;
  const definition = eventDefinition(bo, DEFINITION_OF[type]);
  const current: BusinessObject | undefined = definition?.messageRef ?? definition?.signalRef ?? definition?.escalationRef;
  const names = declared(definitionsOf(bo), type).map((e: BusinessObject) => e.name).filter(Boolean) as string[];
  const [typed, setTyped] = useState('');
  const choose = (name?: string) => {
    if (name && NAME.test(name) && name !== current?.name) refer(services(ctx.modeler), element, type, name);
  };
  return (
    <>
      <Form.Item label={t(`processes.ref.${kind}`)} htmlFor="ref-name"
        validateStatus={current?.name ? undefined : 'warning'}
        help={typed && !NAME.test(typed) ? t('processes.loop.badName') : t(`processes.ref.${kind}Help`)}>
        <Select id="ref-name" data-testid="ref-name" showSearch value={current?.name} onSearch={setTyped}
          onChange={choose} onBlur={() => choose(typed)}
          options={[...new Set([...names, ...(typed && NAME.test(typed) ? [typed] : [])])].map(n => ({ value: n, label: n }))} />
      </Form.Item>
      {type === 'bpmn:Message' && current?.name && <EventWebhook ctx={ctx} kind="message" name={current.name} />}
      {type === 'bpmn:Signal' && current?.name && !THROWS.includes(bo.$type) && <EventWebhook ctx={ctx} kind="signal" name={current.name} />}
    </>
  );
}

/** Events that throw their signal rather than wait for it: a webhook has nothing to add to them. */
const THROWS = ['bpmn:IntermediateThrowEvent', 'bpmn:EndEvent'];

/**
 * How a message or signal reaches the process from outside: the webhook whose trigger names it. A
 * message with none is a warning (nothing else delivers it); a signal may be thrown by processes,
 * so a webhook is only offered.
 */
function EventWebhook({ ctx, kind, name }: { ctx: Ctx; kind: 'message' | 'signal'; name: string }) {
  const { t } = useTranslation();
  const { element: root, process } = rootProcess({ canvas: ctx.modeler.get('canvas') });
  const triggers = extensions(process, 'voronka:Trigger');
  const hook = triggers.find((tr: BusinessObject) => tr.on === 'webhook' && tr[kind] === name);
  const words = kind === 'message'
    ? { found: 'webhook', body: 'webhookBody', none: 'noWebhook', add: 'addWebhook' }
    : { found: 'signalWebhook', body: 'signalWebhookBody', none: 'noSignalWebhook', add: 'addSignalWebhook' };
  if (hook) {
    const url = `${window.location.origin}/api/v1/hooks/${hook.key}`;
    return (
      <Alert type="info" showIcon data-testid={`${kind}-webhook`} message={t(`processes.ref.${words.found}`)}
        description={<><Typography.Text code copyable>{url}</Typography.Text>
          <Typography.Paragraph type="secondary">{t(`processes.ref.${words.body}`, { fields: hook.fields || '…' })}</Typography.Paragraph></>} />
    );
  }
  const add = () => {
    const key = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 64) || kind;
    const created = ctx.modeler.get('moddle').create('voronka:Trigger', { on: 'webhook', key, [kind]: name });
    replaceExtensions(services(ctx.modeler), root, process, ['voronka:Trigger'], [...triggers, created]);
  };
  return (
    <Alert type={kind === 'message' ? 'warning' : 'info'} showIcon message={t(`processes.ref.${words.none}`)}
      action={<Button size="small" data-testid={`${kind}-add-webhook`} onClick={add}>{t(`processes.ref.${words.add}`)}</Button>} />
  );
}
