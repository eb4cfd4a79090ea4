import type { Field, Value, Values } from '../api/types';
import i18n from '../i18n';

/** What a form control holds: text for inputs and selects, a flag for checkboxes, a list for multi-choice. */
export type Input = string | boolean | string[];
export type Inputs = Record<string, Input>;

export type Conversion = { ok: true; value: Value } | { ok: false; message: string };

/** Fields the engine fills: computed by a rule, or rolled up from linked records. */
export function isReadOnly(field: Field): boolean {
  return Boolean(field.computed) || field.type === 'rollup';
}

/** Fields a person fills in; computed and rollup ones are the engine's to set. */
export function editableFields(fields: Field[]): Field[] {
  return fields.filter(f => !isReadOnly(f));
}

// Types newer than the generated contract (money, multienum, ...) are compared as strings.
const type = (field: Field) => field.type as string;

export function toInput(field: Field, value: Value | undefined): Input {
  if (field.type === 'boolean') return value === true;
  const v: unknown = value;
  if (type(field) === 'multienum' || type(field) === 'links') return Array.isArray(v) ? v.map(String) : [];
  if (type(field) === 'money' && typeof v === 'object' && v !== null && 'amount' in v) {
    const m = v as { amount: unknown; currency?: unknown };
    return `${String(m.amount)} ${String(m.currency ?? '')}`.trim();
  }
  return value === null || value === undefined ? '' : String(value);
}

export function toInputs(fields: Field[], values: Values = {}): Inputs {
  return Object.fromEntries(fields.map(f => [f.name, toInput(f, values[f.name])]));
}

/** Reads one control into the JSON value the contract wants for the field's type. */
export function fromInput(field: Field, input: Input): Conversion {
  if (field.type === 'boolean') return { ok: true, value: input === true };
  if (Array.isArray(input)) {
    if (input.length === 0) {
      if (field.required) return { ok: false, message: i18n.t('common.required') };
      // A many-to-many link holds a set: none is the empty set, as the engine answers it.
      return { ok: true, value: type(field) === 'links' ? [] : null };
    }
    return { ok: true, value: input as unknown as Value };
  }
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') {
    return field.required ? { ok: false, message: i18n.t('common.required') } : { ok: true, value: null };
  }
  switch (type(field)) {
    case 'number':
    case 'integer':
    case 'decimal':
    case 'percent':
      return parseNumber(text, type(field) === 'number' || type(field) === 'integer');
    case 'money':
      return parseMoney(text);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text)
        ? { ok: true, value: text }
        : { ok: false, message: i18n.t('common.dateFormat') };
    case 'enum': {
      const known = field.options?.some(o => o.value === text) ?? true;
      return known ? { ok: true, value: text } : { ok: false, message: i18n.t('common.pickOption') };
    }
    default:
      return { ok: true, value: text };
  }
}

// People type "150 000" or "1,5"; the contract wants JSON numbers.
function parseNumber(text: string, whole: boolean): Conversion {
  const normal = text.replace(/[\s\u00a0\u202f']/g, '').replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(normal)) return { ok: false, message: i18n.t('common.notANumber') };
  if (whole && normal.includes('.')) return { ok: false, message: i18n.t('common.wholeNumber') };
  return { ok: true, value: Number(normal) };
}

/** "1 250,50 RUB" or "1250.5" (roubles when no currency is written) -> {"amount":"1250.50","currency":"RUB"}. */
function parseMoney(text: string): Conversion {
  const m = /^([-+]?[\d\s\u00a0\u202f.,']+?)\s*([A-Za-z]{3})?$/.exec(text);
  const amount = m && parseNumber(m[1], false);
  if (!m || !amount?.ok) return { ok: false, message: i18n.t('common.notANumber') };
  const money = { amount: (amount.value as number).toFixed(2), currency: (m[2] ?? 'RUB').toUpperCase() };
  return { ok: true, value: money as unknown as Value };
}

export interface Collected {
  values: Values;
  /** Messages per field name, for fields whose input could not be read. */
  errors: Record<string, string[]>;
}

/** Values for a create call: every editable field that has something in it. */
export function valuesToCreate(fields: Field[], inputs: Inputs): Collected {
  const collected: Collected = { values: {}, errors: {} };
  for (const field of editableFields(fields)) {
    const result = fromInput(field, inputs[field.name] ?? toInput(field, null));
    if (!result.ok) collected.errors[field.name] = [result.message];
    else if (result.value !== null) collected.values[field.name] = result.value;
  }
  return collected;
}

/** Values for a PATCH: only the fields that differ from the record as read, null where cleared. */
export function valuesToUpdate(fields: Field[], inputs: Inputs, original: Values): Collected {
  const collected: Collected = { values: {}, errors: {} };
  for (const field of editableFields(fields)) {
    const result = fromInput(field, inputs[field.name] ?? toInput(field, null));
    if (!result.ok) collected.errors[field.name] = [result.message];
    else if (!sameValue(result.value, original[field.name] ?? null, field)) {
      collected.values[field.name] = result.value;
    }
  }
  return collected;
}

function sameValue(a: Value, b: Value, field: Field): boolean {
  if (field.type === 'boolean') return (a === true) === (b === true);
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  if (['number', 'integer', 'decimal', 'percent'].includes(type(field))) {
    return a === null || b === null ? a === b : Number(a) === Number(b);
  }
  return a === b || (a !== null && b !== null && String(a) === String(b));
}
