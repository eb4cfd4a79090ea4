import { describe, expect, it } from 'vitest';
import type { Field } from '../api/types';
import { fromInput, toInput, toInputs, valuesToCreate, valuesToUpdate } from './values';

const field = (name: string, type: Field['type'], extra: Partial<Field> = {}): Field =>
  ({ name, label: name, type, required: false, options: [], ...extra });

const contact: Field[] = [
  field('first_name', 'text', { required: true }),
  field('phone', 'phone'),
  field('decision_maker', 'boolean'),
  field('budget', 'decimal'),
  field('visits', 'number'),
  field('birth_date', 'date'),
  field('source', 'enum', { options: [{ value: 'referral', label: 'Referral' }, { value: 'call', label: 'Call' }] }),
  field('score', 'number', { computed: 'rules/lead-score.mvel' }),
];

describe('fromInput', () => {
  it('reads decimals the way people type them', () => {
    expect(fromInput(field('budget', 'decimal'), '150 000')).toEqual({ ok: true, value: 150000 });
    expect(fromInput(field('budget', 'decimal'), '1,5')).toEqual({ ok: true, value: 1.5 });
    expect(fromInput(field('budget', 'decimal'), 'lots')).toEqual({ ok: false, message: 'Not a number' });
  });

  it('keeps number fields whole', () => {
    expect(fromInput(field('visits', 'number'), '3')).toEqual({ ok: true, value: 3 });
    expect(fromInput(field('visits', 'number'), '3.5')).toEqual({ ok: false, message: 'Must be a whole number' });
  });

  it('turns an empty optional input into null and an empty required one into an error', () => {
    expect(fromInput(field('phone', 'phone'), '  ')).toEqual({ ok: true, value: null });
    expect(fromInput(field('first_name', 'text', { required: true }), '')).toEqual({ ok: false, message: 'Required' });
  });

  it('sends checkboxes as booleans, unchecked too', () => {
    expect(fromInput(field('consent', 'boolean'), true)).toEqual({ ok: true, value: true });
    expect(fromInput(field('consent', 'boolean'), false)).toEqual({ ok: true, value: false });
  });

  it('accepts only offered enum values and ISO dates', () => {
    const source = contact[6];
    expect(fromInput(source, 'call')).toEqual({ ok: true, value: 'call' });
    expect(fromInput(source, 'fax')).toEqual({ ok: false, message: 'Pick one of the options' });
    expect(fromInput(field('d', 'date'), '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(fromInput(field('d', 'date'), '29.02.2024').ok).toBe(false);
  });
});

describe('valuesToCreate', () => {
  it('builds typed values, leaving out empty and computed fields', () => {
    const inputs = { ...toInputs(contact), first_name: ' Anna ', decision_maker: true, budget: '150000', source: 'referral', score: '99' };
    expect(valuesToCreate(contact, inputs)).toEqual({
      values: { first_name: 'Anna', decision_maker: true, budget: 150000, source: 'referral' },
      errors: {},
    });
  });

  it('reports every unreadable field by name', () => {
    const inputs = { ...toInputs(contact), budget: 'x' };
    expect(valuesToCreate(contact, inputs).errors).toEqual({ first_name: ['Required'], budget: ['Not a number'] });
  });
});

describe('valuesToUpdate', () => {
  it('sends only what changed, with null for a cleared field', () => {
    const original = { first_name: 'Anna', phone: '+7 912', decision_maker: false, budget: 150000, score: 40 };
    const inputs = { ...toInputs(contact, original), phone: '', budget: '150 000', decision_maker: true };
    expect(valuesToUpdate(contact, inputs, original)).toEqual({
      values: { phone: null, decision_maker: true },
      errors: {},
    });
  });

  it('sends nothing when the form is untouched', () => {
    const original = { first_name: 'Anna', budget: 10, source: 'call' };
    expect(valuesToUpdate(contact, toInputs(contact, original), original).values).toEqual({});
  });
});

describe('newer field types', () => {
  const f = (name: string, type: string): Field => ({ name, label: name, type: type as Field['type'], required: false, options: [] });
  it('reads money as amount and currency, roubles by default', () => {
    expect(fromInput(f('amount', 'money'), '1 250,5')).toEqual({ ok: true, value: { amount: '1250.50', currency: 'RUB' } });
    expect(fromInput(f('amount', 'money'), '99 usd')).toEqual({ ok: true, value: { amount: '99.00', currency: 'USD' } });
    expect(fromInput(f('amount', 'money'), 'much').ok).toBe(false);
    expect(toInput(f('amount', 'money'), { amount: '1250.50', currency: 'RUB' } as never)).toBe('1250.50 RUB');
  });

  it('keeps multi-choice values as a list and sends only a changed one', () => {
    const tags = f('tags', 'multienum');
    expect(fromInput(tags, ['vip', 'b2b'])).toEqual({ ok: true, value: ['vip', 'b2b'] });
    expect(fromInput(tags, [])).toEqual({ ok: true, value: null });
    expect(valuesToUpdate([tags], { tags: ['vip'] }, { tags: ['vip'] as never }).values).toEqual({});
    expect(valuesToUpdate([tags], { tags: ['vip', 'b2b'] }, { tags: ['vip'] as never }).values).toEqual({ tags: ['vip', 'b2b'] });
  });
});
