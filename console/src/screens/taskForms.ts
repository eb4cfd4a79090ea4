import type { FieldInput, StoredTaskForm, TaskFormInput } from '../api/types';
import { completeOptions, type FieldOption } from './OptionsEditor';

/** The field types a task form may ask for (the engine refuses links, files and rollups: a task keeps no records). */
export const TASK_FORM_TYPES = ['text', 'longtext', 'email', 'phone', 'url', 'address', 'number', 'decimal', 'money', 'percent',
  'boolean', 'date', 'datetime', 'enum', 'multienum', 'user'] as const;

/** What the form key may be: what a BPMN user task's flowable:formKey names. */
export const FORM_KEY = /^[a-z][a-z0-9_-]{0,59}$/;

export type TaskFormDoc = TaskFormInput & { key: string; label: string; fields: FieldInput[] };

/** What a PUT takes of a stored form: the stored one also says who changed it, when, its checksum. */
export function toTaskFormInput(stored: StoredTaskForm): TaskFormDoc {
  const { key, label, labels, fields, version } = stored;
  return { key, label, labels, fields, version };
}

export type FieldProblem = 'namePattern' | 'nameTaken' | 'noOptions';

/**
 * The form with `draft` added as its last field, or put in place of the field at `at` (an edit), or
 * what is wrong with the draft (the engine checks again and names the path; this only saves a round
 * trip for the obvious cases). An edited field keeps what the editor does not show (a pattern, a
 * maximum length).
 */
export function withField(doc: TaskFormDoc, draft: FieldInput, options: FieldOption[], at?: number): TaskFormDoc | FieldProblem {
  if (!/^[a-z][a-z0-9_]*$/.test(draft.name)) return 'namePattern';
  if (doc.fields.some((f, i) => f.name === draft.name && i !== at)) return 'nameTaken';
  const before = at === undefined ? undefined : doc.fields[at];
  const field: FieldInput = { ...(before?.type === draft.type ? before : {}), name: draft.name, label: draft.label || draft.name, type: draft.type };
  delete field.labels;
  delete field.required;
  delete field.options;
  if (draft.labels && Object.keys(draft.labels).length) field.labels = draft.labels;
  if (draft.required) field.required = true;
  if (draft.type === 'enum' || draft.type === 'multienum') {
    field.options = completeOptions(options);
    if (field.options.length === 0) return 'noOptions';
  }
  if (at === undefined) return { ...doc, fields: [...doc.fields, field] };
  return { ...doc, fields: doc.fields.map((f, i) => (i === at ? field : f)) };
}

/** The form with the field at `index` moved one place up (-1) or down (+1); out of range changes nothing. */
export function movedField(doc: TaskFormDoc, index: number, by: -1 | 1): TaskFormDoc {
  const to = index + by;
  if (index < 0 || index >= doc.fields.length || to < 0 || to >= doc.fields.length) return doc;
  const fields = [...doc.fields];
  [fields[index], fields[to]] = [fields[to], fields[index]];
  return { ...doc, fields };
}
