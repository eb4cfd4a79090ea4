// Shapes of routes that other parts of issue 8 are adding to the engine right now. They follow the
// agreed contract; once those routes are in docs/openapi.json, replace each with the generated
// schema in types.ts. Every screen that uses them guards against the route being absent
// (problem.ts `isMissingRoute`).
import type { RecordData, Values } from './types';

export interface TimelineItem {
  id: string;
  kind: 'created' | 'changed' | 'comment' | 'reminder' | 'task' | 'process' | 'message' | 'deleted' | 'restored' | string;
  at: string;
  actor?: string | null;
  actorName?: string | null;
  field?: string;
  oldValue?: unknown;
  newValue?: unknown;
  entryId?: string | number;
  text?: string;
  mentions?: string[];
  done?: boolean;
  name?: string;
  outcome?: string | null;
  comment?: string | null;
  step?: string | null;
  [more: string]: unknown;
}

export interface TimelinePage {
  items: TimelineItem[];
  next?: string | null;
}

export interface Reminder {
  id: string | number;
  entity?: string;
  recordId?: string | number;
  at: string;
  text: string;
  user?: string;
  done?: boolean;
}

export interface BinItem {
  entity: string;
  id: string | number;
  title?: string;
  deletedAt?: string;
  deletedBy?: string;
  values?: Values;
  [more: string]: unknown;
}

export interface SearchHit {
  entity: string;
  id: string | number;
  title: string;
  matched?: string;
}

export interface Group {
  value: string | null;
  count: number;
}

export interface SavedView {
  id?: string | number;
  entity: string;
  name: string;
  shared: boolean;
  kind: 'list' | 'kanban';
  filter?: string;
  sort?: string;
  columns?: string[];
  groupBy?: string;
}

export interface BulkRequest {
  action: 'update' | 'assign' | 'delete';
  ids?: (string | number)[];
  filter?: string;
  values?: Values;
  user?: string;
}

export interface Job {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  failed: number;
  errors: { id: string | number; detail: string }[];
}

export interface LinkedGroup {
  entity: string;
  field: string;
  label: string;
  items: RecordData[];
  total: number;
}

export interface DataLossPreview {
  preview: { field: string; change: string; records: number }[];
}

/** A list answer, whether the route sends the array itself or `{"items":[..]}`. */
export function itemsOf<T>(answer: T[] | { items: T[] } | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : answer.items ?? [];
}
