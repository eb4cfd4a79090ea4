import type { Entity, Field, RecordData, Value } from '../api/types';

export function formatValue(field: Field, value: Value | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (field.type) {
    case 'boolean':
      // History carries values as text ("false"), records as JSON booleans.
      return value === true || value === 'true' ? 'Yes' : 'No';
    case 'enum':
      return field.options?.find(o => o.value === value)?.label ?? String(value);
    case 'decimal':
    case 'number':
      return typeof value === 'number' ? value.toLocaleString() : String(value);
    case 'percent':
      return typeof value === 'number' ? `${value.toLocaleString()} %` : String(value);
    case 'money':
      // {"amount":"1250.00","currency":"RUB"}; history carries it as the text "1250.00 RUB".
      if (typeof value === 'object' && !Array.isArray(value)) {
        return Number(value.amount).toLocaleString(undefined, { style: 'currency', currency: value.currency });
      }
      return String(value);
    case 'multienum':
      return Array.isArray(value)
        ? value.map(v => field.options?.find(o => o.value === v)?.label ?? v).join(', ')
        : String(value);
    case 'datetime':
      return typeof value === 'string' ? formatInstant(value) : String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/**
 * A record's human name: the leading text fields (first and last name of a contact, the title of
 * a deal), so no entity needs a name rule of its own.
 */
export function recordTitle(entity: Entity | undefined, record: RecordData): string {
  const parts: string[] = [];
  for (const field of entity?.fields ?? []) {
    if (field.type !== 'text' || parts.length === 2) break;
    const v = record.values[field.name];
    if (v !== null && v !== undefined && v !== '') parts.push(String(v));
  }
  return parts.length ? parts.join(' ') : `${entity?.label ?? record.entity} #${record.id}`;
}

/** "Contact" → "Contacts" for navigation and list headings. */
export function plural(label: string): string {
  if (/(ss|x|ch|sh)$/i.test(label)) return `${label}es`;
  if (/s$/i.test(label)) return label; // already plural
  if (/[^aeiou]y$/i.test(label)) return `${label.slice(0, -1)}ies`;
  return `${label}s`;
}

/** Entities whose link fields point at `entity`: a contact's deals, for instance. */
export function backLinks(entities: Entity[], entity: string): { entity: Entity; field: Field }[] {
  return entities.flatMap(e =>
    e.fields.filter(f => f.type === 'link' && f.link === entity).map(field => ({ entity: e, field })));
}
