// How Voronka's BPMN says what it executes, read from and written to text: the engine's process
// policy is the authority (engine io.voronka.process), these helpers only mirror its encoding so the
// panel can show a choice instead of raw attributes.

/** The blank model a new process starts from: executable, one start event, both namespaces declared. */
export function blankModel(key: string, name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:flowable="http://flowable.org/bpmn" xmlns:voronka="https://voronka.io/bpmn" id="definitions" targetNamespace="https://voronka.io/processes">
  <process id="${escapeXml(key)}" name="${escapeXml(name)}" isExecutable="true">
    <startEvent id="start" name="" />
  </process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${escapeXml(key)}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start">
        <dc:Bounds x="160" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</definitions>
`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A process key (an XML id) from its name: latin letters and digits joined by dashes; a name with
 * none (a Russian one, say) gives `process-<fallback>`.
 */
export function processKey(name: string, fallback: string): string {
  const key = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(key) ? key.slice(0, 60) : `process-${fallback}`;
}

/** `${expr}` -> `expr`; anything else is not one rule expression and gives null. */
export function ruleOf(text: string | undefined | null): string | null {
  const m = /^\s*\$\{([\s\S]*)\}\s*$/.exec(text ?? '');
  return m && !m[1].includes('${') ? m[1].trim() : null;
}

export function asRule(expression: string): string {
  return `\${${expression.trim()}}`;
}

/** How a step input is bound: a literal text, one record field, or a rule expression. */
export type InputMode = 'literal' | 'field' | 'rule';

export function inputModeOf(value: string | undefined, fields: string[]): InputMode {
  const rule = ruleOf(value);
  if (rule === null) return (value ?? '').includes('${') ? 'rule' : 'literal';
  return fields.includes(rule) ? 'field' : 'rule';
}

/** Assignment strategies and the BPMN each one is. */
export type Strategy = 'named' | 'round-robin' | 'least-loaded' | 'rule' | 'pool';

export const STEP_BEANS: Partial<Record<Strategy, string>> = {
  'round-robin': '${roundRobin}',
  'least-loaded': '${leastLoaded}',
};

export interface UserTaskAssignment {
  strategy: Strategy;
  assignee?: string;
  rule?: string;
  groups: string[];
}

/** Reads the strategy from a user task's attributes and its task listeners' delegate expressions. */
export function strategyOf(assignee: string | undefined, groups: string | undefined, listeners: string[]): UserTaskAssignment {
  const groupList = (groups ?? '').split(',').map(g => g.trim()).filter(Boolean);
  const bean = listeners.map(l => l.replace(/\s+/g, ''));
  if (bean.includes(STEP_BEANS['round-robin']!)) return { strategy: 'round-robin', groups: groupList };
  if (bean.includes(STEP_BEANS['least-loaded']!)) return { strategy: 'least-loaded', groups: groupList };
  if (assignee) {
    const rule = ruleOf(assignee);
    return rule === null ? { strategy: 'named', assignee, groups: groupList } : { strategy: 'rule', rule, groups: groupList };
  }
  return { strategy: 'pool', groups: groupList };
}

/** Timers: an ISO-8601 duration, an ISO date-time, or days before/after a record's date field. */
export type TimerMode = 'duration' | 'date' | 'field';

export interface TimerSpec {
  mode: TimerMode;
  duration?: string;
  date?: string;
  field?: string;
  days?: number;
}

const RELATIVE = /^\$\{\s*addDays\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*(-?\d+)\s*\)\s*\}$/;
const FIELD = /^\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}$/;

export function timerOf(duration: string | undefined, date: string | undefined): TimerSpec {
  if (duration) return { mode: 'duration', duration };
  const d = (date ?? '').trim();
  const relative = RELATIVE.exec(d);
  if (relative) return { mode: 'field', field: relative[1], days: Number(relative[2]) };
  const field = FIELD.exec(d);
  if (field) return { mode: 'field', field: field[1], days: 0 };
  return { mode: d ? 'date' : 'duration', date: d || undefined };
}

/** The timeDate expression of a timer relative to a record field (negative days: before it). */
export function relativeDate(field: string, days: number): string {
  return days === 0 ? `\${${field}}` : `\${addDays(${field}, ${Math.trunc(days)})}`;
}

export const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** Record trigger kinds the designer offers (schedule and webhook keep what the file says). */
export const TRIGGER_EVENTS = ['created', 'updated', 'deleted', 'changed', 'manual'] as const;
