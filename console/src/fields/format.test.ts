import { describe, expect, it } from 'vitest';
import type { Entity, Field, RecordData } from '../api/types';
import { listColumns } from '../screens/RecordList';
import { backLinks, formatBytes, formatDate, formatInstant, formatMoney, formatValue, fromHistory, pluralLabel, recordTitle } from './format';
import '../i18n';

const field = (name: string, label: string, type: Field['type'], extra: Partial<Field> = {}): Field =>
  ({ name, label, type, required: false, options: [], ...extra });
const entity = (name: string, label: string, fields: Field[]): Entity =>
  ({ name, label, labelPlural: `${label}s`, titleFields: [], fields });

const contact = entity('contact', 'Contact', [
  field('first_name', 'First name', 'text', { required: true }),
  field('last_name', 'Last name', 'text'),
  field('patronymic', 'Patronymic', 'text'),
  field('phone', 'Phone', 'phone'),
  field('warmth', 'Warmth', 'enum', { computed: 'rules/warmth.mvel', options: [{ value: 'hot', label: 'Hot' }] }),
]);
const deal = entity('deal', 'Deal', [
  field('title', 'Title', 'text', { required: true }),
  field('contact_id', 'Contact', 'link', { link: 'contact' }),
  field('loss_reason', 'Loss reason', 'text'),
]);
const record = (entity: string, values: RecordData['values']): RecordData =>
  ({ id: '7', entity, version: 1, createdAt: '', updatedAt: '', createdBy: 'admin', values });

describe('recordTitle', () => {
  it('names a record by its leading text fields', () => {
    expect(recordTitle(contact, record('contact', { first_name: 'Anna', last_name: 'Petrova', patronymic: 'S' }))).toBe('Anna Petrova');
    expect(recordTitle(deal, record('deal', { title: 'Fleet', loss_reason: 'price' }))).toBe('Fleet');
    expect(recordTitle(deal, record('deal', {}))).toBe('Deal #7');
  });
});

describe('backLinks', () => {
  it('finds the entities that point at a contact', () => {
    expect(backLinks([contact, deal], 'contact').map(l => `${l.entity.name}.${l.field.name}`)).toEqual(['deal.contact_id']);
    expect(backLinks([contact, deal], 'deal')).toEqual([]);
  });
});

describe('lists', () => {
  it('shows short fields and every computed one as columns', () => {
    expect(listColumns(contact).map(f => f.name)).toEqual(['phone', 'warmth']);
  });

  it('shows enum labels and plural headings', () => {
    expect(formatValue(contact.fields[4], 'hot')).toBe('Hot');
    expect(formatValue(contact.fields[3], null)).toBe('—');
    expect(pluralLabel(contact)).toBe('Contacts');
  });
});

describe('formatValue for booleans from history', () => {
  const consent = field('consent_email', 'Consents to email', 'boolean');
  it('reads history text "false" as No and "true" as Yes', () => {
    expect(formatValue(consent, 'false')).toBe('No');
    expect(formatValue(consent, 'true')).toBe('Yes');
    expect(formatValue(consent, false)).toBe('No');
    expect(formatValue(consent, true)).toBe('Yes');
  });
});

describe('formatValue for the issue 8 types', () => {
  it('shows money with its currency, several options by their labels and percents', () => {
    const money = field('revenue', 'Revenue', 'money');
    expect(formatValue(money, { amount: '1250.50', currency: 'RUB' }, 'en-GB')).toContain('1,250.50');
    expect(formatValue(money, '1250.50 RUB')).toBe('1250.50 RUB');
    const tags = field('tags', 'Tags', 'multienum', { options: [{ value: 'vip', label: 'VIP' }, { value: 'partner', label: 'Partner' }] });
    expect(formatValue(tags, ['vip', 'partner'])).toBe('VIP, Partner');
    expect(formatValue(field('discount', 'Discount', 'percent'), 12.5, 'en-GB')).toBe('12.5%');
  });
});

describe('formatting in the user\'s locale', () => {
  it('writes money, dates and numbers the Russian way in Russian', () => {
    expect(formatMoney('1250.5', 'RUB', 'ru-RU').replace(/\s/g, ' ')).toBe('1 250,50 ₽');
    expect(formatMoney('1250.5', 'USD', 'en-GB')).toBe('US$1,250.50');
    expect(formatDate('2026-03-01', 'ru-RU')).toBe('1 мар. 2026 г.');
    expect(formatDate('2026-03-01', 'en-GB')).toBe('1 Mar 2026');
    expect(formatValue(field('budget', 'Budget', 'decimal'), 150000.5, 'ru-RU').replace(/\s/g, ' ')).toBe('150 000,5');
  });

  it('keeps what it cannot read as written', () => {
    expect(formatInstant('yesterday')).toBe('yesterday');
    expect(formatDate(null)).toBe('—');
  });
});

describe('history values read back for the timeline', () => {
  it('reads money, choices, links and yes/no back into what a record holds', () => {
    expect(fromHistory(field('revenue', 'Revenue', 'money'), '1250.5 RUB')).toEqual({ amount: '1250.5', currency: 'RUB' });
    expect(fromHistory(field('tags', 'Tags', 'multienum'), 'vip, partner')).toEqual(['vip', 'partner']);
    expect(fromHistory(field('deals', 'Deals', 'links', { link: 'deal' }), '7, 9')).toEqual(['7', '9']);
    expect(fromHistory(field('consent', 'Consent', 'boolean'), 'false')).toBe(false);
    expect(fromHistory(field('stage', 'Stage', 'enum'), 'won')).toBe('won');
    expect(fromHistory(field('stage', 'Stage', 'enum'), null)).toBeNull();
  });

  it('shows a history money value in the locale, with its currency', () => {
    const money = field('revenue', 'Revenue', 'money');
    expect(formatValue(money, fromHistory(money, '1250.5 RUB'), 'ru-RU').replace(/\s/g, ' ')).toBe('1 250,50 ₽');
  });
});

describe('file sizes', () => {
  it('read in the unit that fits, in the locale', () => {
    expect(formatBytes(812, 'en-GB')).toBe('812 byte');
    expect(formatBytes(14 * 1024, 'en-GB')).toBe('14 kB');
    expect(formatBytes(3.25 * 1024 * 1024, 'ru-RU').replace(/\s/g, ' ')).toBe('3,3 МБ');
  });
});
