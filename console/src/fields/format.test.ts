import { describe, expect, it } from 'vitest';
import type { Entity, RecordData } from '../api/types';
import { listColumns } from '../screens/RecordList';
import { backLinks, formatValue, plural, recordTitle } from './format';

const contact: Entity = {
  name: 'contact', label: 'Contact', fields: [
    { name: 'first_name', label: 'First name', type: 'text', required: true },
    { name: 'last_name', label: 'Last name', type: 'text' },
    { name: 'patronymic', label: 'Patronymic', type: 'text' },
    { name: 'phone', label: 'Phone', type: 'phone' },
    { name: 'warmth', label: 'Warmth', type: 'enum', computed: true, options: [{ value: 'hot', label: 'Hot' }] },
  ],
};
const deal: Entity = {
  name: 'deal', label: 'Deal', fields: [
    { name: 'title', label: 'Title', type: 'text', required: true },
    { name: 'contact_id', label: 'Contact', type: 'link', link: 'contact' },
    { name: 'loss_reason', label: 'Loss reason', type: 'text' },
  ],
};
const record = (entity: string, values: RecordData['values']): RecordData =>
  ({ id: '7', entity, version: 1, createdAt: '', updatedAt: '', values });

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
    expect([plural('Contact'), plural('Company'), plural('Address'), plural('Deals')]).toEqual(['Contacts', 'Companies', 'Addresses', 'Deals']);
  });
});

describe('formatValue for booleans from history', () => {
  const consent = { name: 'consent_email', label: 'Consents to email', type: 'boolean' as const };
  it('reads history text "false" as No and "true" as Yes', () => {
    expect(formatValue(consent, 'false')).toBe('No');
    expect(formatValue(consent, 'true')).toBe('Yes');
    expect(formatValue(consent, false)).toBe('No');
    expect(formatValue(consent, true)).toBe('Yes');
  });
});
