import { describe, expect, it } from 'vitest';
import type { Field } from '../api/types';
import { editableFields, fromInput, toInput, valuesToUpdate } from './values';

const f = (name: string, type: string, extra: Partial<Field> = {}): Field =>
  ({ name, label: name, type: type as Field['type'], required: false, options: [], ...extra });

describe('links, rollups and money in forms', () => {
  it('leaves rollups out of what a person fills in', () => {
    expect(editableFields([f('title', 'text'), f('ltv', 'rollup', { rollup: { via: 'deal.contact_id', op: 'sum', field: 'amount' } })])
      .map(x => x.name)).toEqual(['title']);
  });

  it('edits a many-to-many link as a list of ids and sends only a changed set', () => {
    const tags = f('tags', 'links', { link: 'tag' });
    expect(toInput(tags, ['7', '9'])).toEqual(['7', '9']);
    expect(fromInput(tags, ['7'])).toEqual({ ok: true, value: ['7'] });
    expect(valuesToUpdate([tags], { tags: ['7', '9'] }, { tags: ['7', '9'] }).values).toEqual({});
    expect(valuesToUpdate([tags], { tags: [] }, { tags: ['7'] }).values).toEqual({ tags: [] });
  });

  it('shows money as amount and currency and reads it back', () => {
    const price = f('price', 'money');
    expect(toInput(price, { amount: '1250.00', currency: 'RUB' })).toBe('1250.00 RUB');
    expect(fromInput(price, '1 250,5')).toEqual({ ok: true, value: { amount: '1250.50', currency: 'RUB' } });
  });
});
