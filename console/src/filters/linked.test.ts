import { describe, expect, it } from 'vitest';
import type { Entity, Field } from '../api/types';
import { filterExpression, filterFields, operatorsFor } from './rules';

const f = (name: string, type: string, extra: Partial<Field> = {}): Field =>
  ({ name, label: name, type: type as Field['type'], required: false, options: [], ...extra });
const entity = (name: string, fields: Field[]): Entity => ({ name, label: name, labelPlural: name, titleFields: [], fields });

const company = entity('company', [f('title', 'text'), f('city', 'text', { label: 'Город' }), f('scan', 'file'),
  f('contacts_count', 'rollup', { rollup: { via: 'contact.company_id', op: 'count' } })]);
const contact = entity('contact', [f('last_name', 'text'), f('company_id', 'link', { link: 'company', label: 'Компания' }),
  f('deals_total', 'rollup', { rollup: { via: 'deal.contact_id', op: 'sum', field: 'amount' } })]);

describe('filters over linked records and rollups', () => {
  it('offers the linked record’s fields under the link’s name without _id, files left out', () => {
    const names = filterFields(contact, [company, contact]).map(x => x.name);
    expect(names).toContain('company.city');
    expect(names).not.toContain('company.scan');
    expect(filterFields(contact, [company, contact]).find(x => x.name === 'company.city')?.label).toBe('Компания → Город');
  });

  it('writes a linked field’s condition as the rule language reads it', () => {
    const fields = filterFields(contact, [company, contact]);
    expect(filterExpression(fields, [{ field: 'company.city', op: 'eq', value: 'Казань' }])).toBe("company.city == 'Казань'");
  });

  it('compares a counted or summed rollup as a number', () => {
    const fields = filterFields(contact, [company, contact]);
    expect(operatorsFor(fields.find(x => x.name === 'deals_total')!)).toContain('gt');
    expect(filterExpression(fields, [{ field: 'deals_total', op: 'ge', value: '1 500' }])).toBe('deals_total >= 1500');
  });
});
