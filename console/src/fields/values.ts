import type { Field, Value, Values } from '../api/types';

/** What a form control holds: text for inputs and selects, a flag for checkboxes. */
export type Input = string | boolean;
export type Inputs = Record<string, Input>;

export type Conversion = { ok: true; value: Value } | { ok: false; message: string };

/** Fields a person fills in; computed ones are the engine's to set. */
export function editableFields(fields: Field[]): Field[] {
  return fields.filter(f => !f.computed);
}

export function toInput(field: Field, value: Value | undefined): Input {
  if (field.type === 'boolean') return value === true;
  return value === null || value === undefined ? '' : String(value);
}

export function toInputs(fields: Field[], values: Values = {}): Inputs {
  return Object.fromEntries(fields.map(f => [f.name, toInput(f, values[f.name])]));
}

/** Reads one control into the JSON value the contract wants for the field's type. */
export function fromInput(field: Field, input: Input): Conversion {
  if (field.type === 'boolean') return { ok: true, value: input === true };
  const text = typeof input === 'string' ? input.trim() : '';
  if (text === '') {
    return field.required ? { ok: false, message: 'Required' } : { ok: true, value: null };
  }
  switch (field.type) {
    case 'number':
    case 'decimal':
      return parseNumber(text, field.type === 'number');
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text)
        ? { ok: true, value: text }
        : { ok: false, message: 'Use the format YYYY-MM-DD' };
    case 'enum': {
      const known = field.options?.some(o => o.value === text) ?? true;
      return known ? { ok: true, value: text } : { ok: false, message: 'Pick one of the options' };
    }
    default:
      return { ok: true, value: text };
  }
}

// People type "150 000" or "1,5"; the contract wants JSON numbers.
function parseNumber(text: string, whole: boolean): Conversion {
  const normal = text.replace(/[\s\u00a0\u202f']/g, '').replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(normal)) return { ok: false, message: 'Not a number' };
  if (whole && normal.includes('.')) return { ok: false, message: 'Must be a whole number' };
  return { ok: true, value: Number(normal) };
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
  if (field.type === 'number' || field.type === 'decimal') {
    return a === null || b === null ? a === b : Number(a) === Number(b);
  }
  return a === b || (a !== null && b !== null && String(a) === String(b));
}
