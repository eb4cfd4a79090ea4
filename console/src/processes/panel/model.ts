// The model changes the Voronka panel makes for the elements that wait, loop or call: each is one
// or two bpmn-js commands (undoable, marking the model edited), made only when the user changes
// something, so a model opened and saved untouched keeps its exact bytes.
import type { BusinessObject, Services, Shape } from '../modeler';
import { replaceExtensions } from './extensions';

export type Edit = Pick<Services, 'modeling' | 'moddle'>;

/** The bpmn:Definitions an element belongs to. */
export function definitionsOf(bo: BusinessObject): BusinessObject | undefined {
  let current = bo;
  while (current && current.$type !== 'bpmn:Definitions') current = current.$parent;
  return current;
}

export type RefType = 'bpmn:Message' | 'bpmn:Signal' | 'bpmn:Escalation';
const REF_PROPERTY: Record<RefType, string> = { 'bpmn:Message': 'messageRef', 'bpmn:Signal': 'signalRef', 'bpmn:Escalation': 'escalationRef' };
export const DEFINITION_OF: Record<RefType, string> = {
  'bpmn:Message': 'bpmn:MessageEventDefinition', 'bpmn:Signal': 'bpmn:SignalEventDefinition', 'bpmn:Escalation': 'bpmn:EscalationEventDefinition',
};

/** The messages, signals or escalations the document declares. */
export function declared(definitions: BusinessObject | undefined, type: RefType): BusinessObject[] {
  return (definitions?.rootElements ?? []).filter((e: BusinessObject) => e.$type === type);
}

/** The event definition of `type` on an event, if it has one. */
export function eventDefinition(bo: BusinessObject, type: string): BusinessObject | undefined {
  return (bo?.eventDefinitions ?? []).find((d: BusinessObject) => d.$type === type);
}

/** An id for a new root element from its name: letters, digits and _ only, unique in the document. */
export function refId(type: RefType, name: string, taken: string[]): string {
  const base = `${type.slice(5)}_${name.replace(/[^A-Za-z0-9_]/g, '_') || 'x'}`;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}_${n}`;
  return id;
}

/**
 * Points the event's definition at the message/signal/escalation named `name`, declaring it in the
 * document when there is none by that name yet (a message is delivered, a signal and an escalation
 * caught, by name; an escalation's code is its name).
 */
export function refer(edit: Edit, element: Shape, type: RefType, name: string): BusinessObject {
  const bo = element.businessObject;
  const definition = eventDefinition(bo, DEFINITION_OF[type]);
  const definitions = definitionsOf(bo);
  let target = declared(definitions, type).find((e: BusinessObject) => e.name === name);
  if (!target) {
    const ids = (definitions?.rootElements ?? []).map((e: BusinessObject) => e.id);
    target = edit.moddle.create(type, { id: refId(type, name, ids), name,
      ...(type === 'bpmn:Escalation' ? { escalationCode: name } : {}) });
    target.$parent = definitions;
    edit.modeling.updateModdleProperties(element, definitions, { rootElements: [...definitions.rootElements, target] });
  }
  if (definition[REF_PROPERTY[type]] !== target) {
    edit.modeling.updateModdleProperties(element, definition, { [REF_PROPERTY[type]]: target });
  }
  return target;
}

/** A variable passed into or out of a called process: `source` (a variable) or `sourceExpression` (a rule), and `target`. */
export interface Mapping { source?: string; sourceExpression?: string; target: string }

export interface CallSpec { calledElement?: string; inheritVariables: boolean; inheritBusinessKey: boolean; ins: Mapping[]; outs: Mapping[] }

export function callOf(bo: BusinessObject): CallSpec {
  const map = (v: BusinessObject): Mapping => ({ source: v.source, sourceExpression: v.sourceExpression, target: v.target });
  const values = bo.extensionElements?.values ?? [];
  return {
    calledElement: bo.calledElement,
    inheritVariables: bo.get('flowable:inheritVariables') === true,
    inheritBusinessKey: bo.get('flowable:inheritBusinessKey') === true,
    ins: values.filter((v: BusinessObject) => v.$type === 'flowable:In').map(map),
    outs: values.filter((v: BusinessObject) => v.$type === 'flowable:Out').map(map),
  };
}

/**
 * Which process the call activity runs. A new choice also hands over the record: the called
 * process gets the record id as its business key, so webhooks and the board find it.
 */
export function setCalledElement(edit: Edit, element: Shape, key: string | undefined): void {
  const bo = element.businessObject;
  const props: Record<string, unknown> = { calledElement: key || undefined };
  if (key && bo.get('flowable:inheritBusinessKey') === undefined) props['flowable:inheritBusinessKey'] = true;
  edit.modeling.updateProperties(element, props);
}

export function setCallFlags(edit: Edit, element: Shape, flags: { inheritVariables?: boolean; inheritBusinessKey?: boolean }): void {
  const props: Record<string, unknown> = {};
  if (flags.inheritVariables !== undefined) props['flowable:inheritVariables'] = flags.inheritVariables || undefined;
  if (flags.inheritBusinessKey !== undefined) props['flowable:inheritBusinessKey'] = flags.inheritBusinessKey || undefined;
  edit.modeling.updateProperties(element, props);
}

/** Replaces the variables in and out (`flowable:in` / `flowable:out`), keeping every other extension. */
export function setCallVariables(edit: Edit, element: Shape, ins: Mapping[], outs: Mapping[]): void {
  const make = (type: string) => (m: Mapping) => edit.moddle.create(type, Object.fromEntries(
    Object.entries({ source: m.source, sourceExpression: m.sourceExpression, target: m.target }).filter(([, v]) => v)));
  const complete = (m: Mapping) => !!m.target && !!(m.source || m.sourceExpression);
  replaceExtensions(edit, element, element.businessObject, ['flowable:In', 'flowable:Out'],
    [...ins.filter(complete).map(make('flowable:In')), ...outs.filter(complete).map(make('flowable:Out'))]);
}

export type LoopMode = 'none' | 'parallel' | 'sequential';

export interface LoopSpec { mode: LoopMode; collection?: string; elementVariable?: string; cardinality?: string; completion?: string }

export function loopOf(bo: BusinessObject): LoopSpec {
  const loop = bo.loopCharacteristics;
  if (!loop || loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return { mode: 'none' };
  return {
    mode: loop.isSequential ? 'sequential' : 'parallel',
    collection: loop.get('flowable:collection'),
    elementVariable: loop.get('flowable:elementVariable'),
    cardinality: loop.loopCardinality?.body,
    completion: loop.completionCondition?.body,
  };
}

/**
 * Sets the activity's multi-instance: off, parallel or sequential; over a collection (a rule
 * expression or a variable holding a list), each item in `elementVariable`, or a number of times;
 * done early when the completion condition holds. Only what `change` names is written.
 */
export function setLoop(edit: Edit, element: Shape, change: Partial<LoopSpec>): void {
  const bo = element.businessObject;
  if (change.mode === 'none') {
    edit.modeling.updateProperties(element, { loopCharacteristics: undefined });
    return;
  }
  let loop = bo.loopCharacteristics;
  if (!loop || loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    loop = edit.moddle.create('bpmn:MultiInstanceLoopCharacteristics', { isSequential: change.mode === 'sequential' });
    loop.$parent = bo;
    edit.modeling.updateProperties(element, { loopCharacteristics: loop });
  }
  const props: Record<string, unknown> = {};
  const expression = (body: string | undefined) => body ? edit.moddle.create('bpmn:FormalExpression', { body }) : undefined;
  if (change.mode) props.isSequential = change.mode === 'sequential';
  if ('collection' in change) props['flowable:collection'] = change.collection || undefined;
  if ('elementVariable' in change) props['flowable:elementVariable'] = change.elementVariable || undefined;
  if ('cardinality' in change) props.loopCardinality = expression(change.cardinality);
  if ('completion' in change) props.completionCondition = expression(change.completion);
  if (Object.keys(props).length) edit.modeling.updateModdleProperties(element, loop, props);
}

/** The languages the Voronka panel names a lane's stage or a task in, beside the element's own name. */
export const LABEL_LANGUAGES = ['ru', 'en'] as const;

/** An element's name in `lang` (its voronka:label), if it has one: a lane's stage, a task. */
export function elementLabel(element: BusinessObject, lang: string): string | undefined {
  return (element.extensionElements?.values ?? [])
    .find((v: BusinessObject) => v.$type === 'voronka:Label' && (v.lang ?? '').toLowerCase() === lang)?.value;
}

/**
 * Names the element `value` in `lang` (empty: no name in it, the element's name shows), as one
 * command; its names in other languages, written by hand or another tool, stay as they are.
 */
export function setElementLabel(edit: Edit, element: Shape, lang: string, value: string): void {
  const bo = element.businessObject;
  const labels: BusinessObject[] = (bo.extensionElements?.values ?? []).filter((v: BusinessObject) => v.$type === 'voronka:Label');
  const others = labels.filter(l => (l.lang ?? '').toLowerCase() !== lang);
  const text = value.trim();
  const next = text ? [...others, edit.moddle.create('voronka:Label', { lang, value: text })] : others;
  replaceExtensions(edit, element, bo, ['voronka:Label'], next);
}
