// Shapes of the HTTP contract in docs/http-api.md.

export type FieldType =
  | 'text' | 'email' | 'phone' | 'number' | 'decimal' | 'boolean' | 'date' | 'enum' | 'link' | 'user';

export interface FieldOption {
  value: string;
  label: string;
}

export interface Field {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  maxLength?: number | null;
  options?: FieldOption[] | null;
  /** Set (to the name of the rule that fills it) when the engine computes the field; never edited. */
  computed?: string | boolean | null;
  /** For `link` fields: the entity the value points at. */
  link?: string | null;
}

export interface Entity {
  name: string;
  label: string;
  fields: Field[];
}

export type Value = string | number | boolean | null;
export type Values = Record<string, Value>;

export interface RecordData {
  id: string;
  entity: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  values: Values;
}

/**
 * A page of a list read by cursor: `next` (or null on the last page) is passed back as `after`.
 * `count` comes only when asked with `count=true`; `countApproximate` means "at least count".
 */
export interface Page<T> {
  items: T[];
  next: string | null;
  count?: number;
  countApproximate?: boolean;
}

export interface HistoryEntry {
  version: number;
  actor: string;
  at: string;
  field: string;
  oldValue: Value;
  newValue: Value;
}

export interface User {
  id: string | number;
  username: string;
  displayName: string;
  roles: string[];
}

export interface Session {
  token: string;
  user: User;
}

export interface Task {
  id: string;
  name: string;
  processInstanceId: string;
  processKey: string;
  recordId: string | number | null;
  entity: string | null;
  assignee: string | null;
  candidateGroups: string[];
  createdAt: string;
  form?: { fields: Field[] } | null;
}

export interface ProcessInstance {
  id: string;
  processKey: string;
  processName: string;
  recordId: string | number;
  startedAt: string;
  endedAt: string | null;
  state: 'active' | 'completed';
  activities?: Activity[];
  /** Steps that failed: waiting for a retry, or out of retries (an incident). */
  failures?: StepFailure[];
}

export interface Activity {
  activityId: string;
  name: string | null;
  type: string;
  assignee: string | null;
  startedAt: string;
  endedAt: string | null;
}

export interface StepFailure {
  activityId: string;
  name: string | null;
  message: string | null;
  retriesLeft: number;
  incident: boolean;
}

export function isAdmin(user: User): boolean {
  return user.roles.includes('admin');
}
