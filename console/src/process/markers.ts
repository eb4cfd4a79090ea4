// Which diagram elements to mark, as pure functions of what the server answers, so they are tested
// without a browser. The diagram (BpmnDiagram) turns each mark into a canvas marker (a CSS class);
// the screen lists the same marks as text for screen readers.
import type { ProcessInstanceView } from '../api/types';

export type Mark = 'current' | 'completed' | 'failed' | 'added' | 'removed' | 'changed';

export interface Marked {
  id: string;
  mark: Mark;
}

/**
 * An instance on its diagram: failed steps, where it waits, where it has been. An element carries
 * one mark, the most urgent: a failed step is also current, a loop's current step also completed.
 */
export function instanceMarks(view: Pick<ProcessInstanceView, 'currentActivities' | 'completedActivities' | 'incidents'>): Marked[] {
  const marks = new Map<string, Mark>();
  for (const id of view.completedActivities) marks.set(id, 'completed');
  for (const id of view.currentActivities) marks.set(id, 'current');
  for (const incident of view.incidents) if (incident.activityId) marks.set(incident.activityId, 'failed');
  return [...marks].map(([id, mark]) => ({ id, mark }));
}

/** What bpmn-js-differ answers (only the parts read here): element ids by kind of change. */
export interface DiffResult {
  _added: Record<string, { $type?: string; name?: string }>;
  _removed: Record<string, { $type?: string; name?: string }>;
  _changed: Record<string, { model?: { $type?: string; name?: string }; attrs?: Record<string, { oldValue?: unknown; newValue?: unknown }> }>;
  _layoutChanged: Record<string, unknown>;
}

export interface Change {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  type: string;
  name?: string;
  /** For a change: which attributes, with old and new values as text. */
  attrs: { name: string; oldValue: string; newValue: string }[];
}

/**
 * The semantic changes between two versions, in a stable order (removed, changed, added, then by
 * id). Layout-only moves are left out: they change nothing that runs.
 */
export function changesOf(diff: DiffResult): Change[] {
  const type = (t?: string) => (t ?? '').replace(/^bpmn:/, '');
  const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? (v as { id?: string }).id ?? '…' : String(v));
  const changes: Change[] = [
    ...Object.entries(diff._removed).map(([id, e]) => ({ id, kind: 'removed' as const, type: type(e.$type), name: e.name, attrs: [] })),
    ...Object.entries(diff._changed).map(([id, c]) => ({
      id, kind: 'changed' as const, type: type(c.model?.$type), name: c.model?.name,
      attrs: Object.entries(c.attrs ?? {}).map(([name, a]) => ({ name, oldValue: text(a.oldValue), newValue: text(a.newValue) })),
    })),
    ...Object.entries(diff._added).map(([id, e]) => ({ id, kind: 'added' as const, type: type(e.$type), name: e.name, attrs: [] })),
  ];
  const order = { removed: 0, changed: 1, added: 2 };
  return changes.sort((a, b) => order[a.kind] - order[b.kind] || a.id.localeCompare(b.id));
}

/** The marks of each side: the old version shows what went and what changed, the new one what came and what changed. */
export function diffMarks(changes: Change[]): { before: Marked[]; after: Marked[] } {
  return {
    before: changes.filter(c => c.kind !== 'added').map(c => ({ id: c.id, mark: c.kind })),
    after: changes.filter(c => c.kind !== 'removed').map(c => ({ id: c.id, mark: c.kind })),
  };
}

/** The parts of a parsed BPMN element (bpmn-moddle) read to compare sequence flows. */
interface ModdleElement {
  $type?: string;
  id?: string;
  name?: string;
  sourceRef?: { id?: string };
  targetRef?: { id?: string };
  conditionExpression?: { body?: string };
  rootElements?: ModdleElement[];
  flowElements?: ModdleElement[];
}

interface Flow {
  id: string;
  name?: string;
  attrs: Record<'sourceRef' | 'targetRef' | 'conditionExpression' | 'name', string>;
}

/** Every sequence flow of a document, sub-processes included, by id. */
function flowsOf(definitions: unknown): Map<string, Flow> {
  const flows = new Map<string, Flow>();
  const walk = (container: ModdleElement) => {
    for (const element of container.flowElements ?? []) {
      if (element.$type === 'bpmn:SequenceFlow' && element.id) {
        flows.set(element.id, {
          id: element.id, name: element.name,
          attrs: {
            sourceRef: element.sourceRef?.id ?? '', targetRef: element.targetRef?.id ?? '',
            conditionExpression: (element.conditionExpression?.body ?? '').trim(), name: element.name ?? '',
          },
        });
      }
      if (element.flowElements) walk(element);
    }
  };
  for (const root of (definitions as ModdleElement | null)?.rootElements ?? []) walk(root);
  return flows;
}

/**
 * Sequence flows removed, added or changed (rerouted, another condition, renamed) between two
 * parsed documents, compared by id. The differ reports flows only as far as its model walk sees
 * them (a condition's text is a nested change it reports without attributes, a flow it matched
 * elsewhere not at all); reading them here marks every flow that differs, with what changed.
 */
export function flowChanges(before: unknown, after: unknown): Change[] {
  const was = flowsOf(before);
  const now = flowsOf(after);
  const changes: Change[] = [];
  for (const [id, flow] of was) {
    const next = now.get(id);
    if (!next) {
      changes.push({ id, kind: 'removed', type: 'SequenceFlow', name: flow.name, attrs: [] });
      continue;
    }
    const attrs = (Object.keys(flow.attrs) as (keyof Flow['attrs'])[])
      .filter(name => flow.attrs[name] !== next.attrs[name])
      .map(name => ({ name, oldValue: flow.attrs[name], newValue: next.attrs[name] }));
    if (attrs.length) changes.push({ id, kind: 'changed', type: 'SequenceFlow', name: next.name, attrs });
  }
  for (const [id, flow] of now) {
    if (!was.has(id)) changes.push({ id, kind: 'added', type: 'SequenceFlow', name: flow.name, attrs: [] });
  }
  return changes;
}

/**
 * The differ's changes with the flows' own: a flow read both ways keeps the flow reading (it
 * names what changed). Same order as {@link changesOf}.
 */
export function withFlowChanges(changes: Change[], flows: Change[]): Change[] {
  const flowIds = new Set(flows.map(f => f.id));
  const merged = [...changes.filter(c => !flowIds.has(c.id)), ...flows];
  const order = { removed: 0, changed: 1, added: 2 };
  return merged.sort((a, b) => order[a.kind] - order[b.kind] || a.id.localeCompare(b.id));
}
