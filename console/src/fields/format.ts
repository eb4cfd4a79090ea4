import type { Entity, Field, RecordData, Value } from '../api/types';
import i18n, { currentLocale } from '../i18n';

// Values, dates, numbers and money shown in the user's language, through Intl.

export function formatNumber(n: number, options?: Intl.NumberFormatOptions, locale = currentLocale()): string {
  return new Intl.NumberFormat(locale, options).format(n);
}

export function formatMoney(amount: string | number, currency: string, locale = currentLocale()): string {
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(n);
  } catch {
    return `${formatNumber(n, { minimumFractionDigits: 2 }, locale)} ${currency}`; // not an ISO code
  }
}

export function formatInstant(iso: string | null | undefined, locale = currentLocale()): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A calendar date (YYYY-MM-DD) shown as such, without a time zone shifting it a day. */
export function formatDate(iso: string | null | undefined, locale = currentLocale()): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** A file's size in the unit that reads best: 812 B, 14 KB, 3.2 MB. */
export function formatBytes(bytes: number, locale = currentLocale()): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) { n /= 1024; u += 1; }
  return formatNumber(n, { style: 'unit', unit: units[u], unitDisplay: 'short', maximumFractionDigits: u === 0 ? 0 : 1 }, locale);
}

/**
 * A history entry's value (history keeps text: "1250.5 RUB", "true", ids joined by ", ") read
 * back into the value a record holds, so the timeline shows it as the card does.
 */
export function fromHistory(field: Field, text: string | null | undefined): Value | undefined {
  if (text === null || text === undefined || text === '') return null;
  switch (field.type as string) {
    case 'money': {
      const m = /^(-?\d+(?:\.\d+)?)\s+([A-Z]{3})$/.exec(text);
      return (m ? { amount: m[1], currency: m[2] } : text) as Value;
    }
    case 'links':
    case 'multienum':
      return text.split(', ') as unknown as Value;
    case 'boolean':
      return text === 'true';
    default:
      return text;
  }
}

interface MoneyValue { amount: string | number; currency: string }

function isMoney(v: unknown): v is MoneyValue {
  return typeof v === 'object' && v !== null && 'amount' in v && 'currency' in v;
}

export function formatValue(field: Field, value: Value | undefined, locale = currentLocale()): string {
  if (value === null || value === undefined || value === '') return '—';
  const v: unknown = value;
  if (isMoney(v)) return formatMoney(v.amount, v.currency, locale);
  if (Array.isArray(v)) return v.length ? v.map(x => optionLabel(field, x)).join(', ') : '—';
  switch (field.type as string) {
    case 'boolean':
      // History carries values as text ("false"), records as JSON booleans.
      return value === true || value === 'true' ? i18n.t('common.yes') : i18n.t('common.no');
    case 'enum':
      return optionLabel(field, value);
    case 'decimal':
    case 'number':
    case 'integer':
    case 'rollup':
      // History carries numbers as text ("150000").
      return typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(String(value)) ? formatNumber(Number(value), undefined, locale) : String(value);
    case 'percent':
      return typeof value === 'number' ? formatNumber(value / 100, { style: 'percent', maximumFractionDigits: 2 }, locale) : String(value);
    case 'date':
      return formatDate(String(value), locale);
    case 'datetime':
      return formatInstant(String(value), locale);
    default:
      return String(value);
  }
}

function optionLabel(field: Field, value: unknown): string {
  return field.options?.find(o => o.value === value)?.label ?? String(value);
}

/**
 * A record's human name: the entity's title fields when it names them, else the leading text
 * fields (first and last name of a contact, the title of a deal).
 */
export function recordTitle(entity: Entity | undefined, record: RecordData): string {
  const named = entity?.titleFields?.length
    ? entity.titleFields.map(n => record.values[n]).filter(v => v !== null && v !== undefined && v !== '').map(String)
    : [];
  if (named.length) return named.join(' ');
  const parts: string[] = [];
  for (const field of entity?.fields ?? []) {
    if (field.type !== 'text' || parts.length === 2) break;
    const v = record.values[field.name];
    if (v !== null && v !== undefined && v !== '') parts.push(String(v));
  }
  return parts.length ? parts.join(' ') : `${entity?.label ?? record.entity} #${record.id}`;
}

/** The heading for a list of an entity's records. */
export function pluralLabel(entity: Entity): string {
  return entity.labelPlural || entity.label;
}

/** Entities whose link fields point at `entity`: a contact's deals, for instance. */
export function backLinks(entities: Entity[], entity: string): { entity: Entity; field: Field }[] {
  return entities.flatMap(e =>
    e.fields.filter(f => f.type === 'link' && f.link === entity).map(field => ({ entity: e, field })));
}
