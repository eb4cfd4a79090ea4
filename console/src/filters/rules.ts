import type { Entity, Field } from '../api/types';

// Builds rule-language filter expressions (docs/rules.md, "Filters") from conditions a person
// picks, so the list, the URL and saved views all carry one written expression.

/** A text literal with the language's escapes. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}

export type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'contains' | 'startsWith' | 'empty' | 'notEmpty';

export interface Condition {
  field: string;
  op: Operator;
  value?: string;
}

const NUMERIC = new Set(['number', 'integer', 'decimal', 'percent']);
const TEXTUAL = new Set(['text', 'longtext', 'email', 'phone', 'url', 'user']);

/** How a filter compares a field: a rollup as the number it mostly is (count, sum, average). */
function kind(field: Field): string {
  if (field.type === 'rollup') return field.rollup?.op === 'last' ? 'text' : 'decimal';
  return field.type;
}

/**
 * Fields a filter may name: the entity's own (rollups included) and, through each many-to-one
 * link, the linked record's plain fields as `company.city` (the link's name without `_id`).
 */
export function filterFields(entity: Entity, entities: Entity[]): Field[] {
  const through = entity.fields.filter(f => f.type === 'link' && f.link).flatMap(link => {
    const other = entities.find(e => e.name === link.link);
    const path = link.name.replace(/_id$/, '');
    return (other?.fields ?? []).filter(f => f.type !== 'link' && f.type !== 'links' && f.type !== 'file')
      .map(f => ({ ...f, name: `${path}.${f.name}`, label: `${link.label} → ${f.label}` }));
  });
  return [...entity.fields.filter(f => f.type !== 'file'), ...through];
}

/** The operators that make sense for a field (texts cannot be ordered in a filter, see rules.md). */
export function operatorsFor(field: Field): Operator[] {
  const type = kind(field);
  if (type === 'boolean') return ['eq'];
  if (NUMERIC.has(type) || type === 'date' || type === 'datetime') return ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'empty', 'notEmpty'];
  if (TEXTUAL.has(type)) return ['eq', 'ne', 'contains', 'startsWith', 'empty', 'notEmpty'];
  return ['eq', 'ne', 'empty', 'notEmpty'];
}

export function needsValue(op: Operator): boolean {
  return op !== 'empty' && op !== 'notEmpty';
}

/** The literal for a value typed for `field`, or an error message key when it cannot be one. */
export function literal(field: Field, value: string): { ok: true; text: string } | { ok: false; error: string } {
  const type = kind(field);
  const v = value.trim();
  if (type === 'boolean') return v === 'true' || v === 'false' ? { ok: true, text: v } : { ok: false, error: 'filter.pickYesNo' };
  if (NUMERIC.has(type)) {
    const n = v.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
    return /^[-+]?\d+(\.\d+)?$/.test(n) ? { ok: true, text: n } : { ok: false, error: 'common.notANumber' };
  }
  if (type === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? { ok: true, text: `date(${quote(v)})` } : { ok: false, error: 'common.dateFormat' };
  if (type === 'link' && /^\d+$/.test(v)) return { ok: true, text: v };
  return { ok: true, text: quote(value) };
}

const SYMBOL: Partial<Record<Operator, string>> = { eq: '==', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=' };

/** One condition as an expression; throws on a value that is not of the field's type. */
export function conditionExpression(field: Field, c: Condition): string {
  if (c.op === 'empty') return TEXTUAL.has(field.type as string) ? `isEmpty(${field.name})` : `${field.name} == null`;
  if (c.op === 'notEmpty') return TEXTUAL.has(field.type as string) ? `!isEmpty(${field.name})` : `${field.name} != null`;
  const lit = literal(field, c.value ?? '');
  if (!lit.ok) throw new FilterInputError(field.name, lit.error);
  if (c.op === 'contains' || c.op === 'startsWith') return `${c.op}(${field.name}, ${lit.text})`;
  return `${field.name} ${SYMBOL[c.op]} ${lit.text}`;
}

/** All conditions joined with "and" (or "or"). */
export function filterExpression(fields: Field[], conditions: Condition[], join: 'and' | 'or' = 'and'): string {
  const parts = conditions.map(c => {
    const field = fields.find(f => f.name === c.field);
    if (!field) throw new FilterInputError(c.field, 'filter.unknownField');
    return conditionExpression(field, c);
  });
  if (parts.length <= 1) return parts.join('');
  return parts.map(p => (join === 'or' ? `(${p})` : p)).join(join === 'and' ? ' && ' : ' || ');
}

export class FilterInputError extends Error {
  constructor(readonly field: string, readonly messageKey: string) {
    super(`${field}: ${messageKey}`);
  }
}
