import { describe, expect, it } from 'vitest';
import type { Field } from '../api/types';
import { conditionExpression, filterExpression, FilterInputError, operatorsFor, quote } from './rules';

const f = (name: string, type: string, extra: Partial<Field> = {}): Field =>
  ({ name, label: name, type: type as Field['type'], required: false, options: [], ...extra });
const fields = [f('last_name', 'text'), f('budget', 'decimal'), f('source', 'enum'), f('birth', 'date'), f('vip', 'boolean')];

describe('filter expressions', () => {
  it('quotes texts with the language escapes', () => {
    expect(quote("O'Brien \\ x")).toBe("'O\\'Brien \\\\ x'");
  });

  it('joins conditions the rule language reads', () => {
    expect(filterExpression(fields, [
      { field: 'budget', op: 'gt', value: '150 000,5' },
      { field: 'source', op: 'eq', value: 'referral' },
      { field: 'last_name', op: 'startsWith', value: 'Пет' },
    ])).toBe("budget > 150000.5 && source == 'referral' && startsWith(last_name, 'Пет')");
    expect(filterExpression(fields, [{ field: 'vip', op: 'eq', value: 'true' }, { field: 'birth', op: 'lt', value: '2000-01-01' }], 'or'))
      .toBe("(vip == true) || (birth < date('2000-01-01'))");
  });

  it('asks for emptiness the way each type has it', () => {
    expect(conditionExpression(fields[0], { field: 'last_name', op: 'empty' })).toBe('isEmpty(last_name)');
    expect(conditionExpression(fields[1], { field: 'budget', op: 'notEmpty' })).toBe('budget != null');
  });

  it('refuses a value that is not of the field type, naming the field', () => {
    expect(() => conditionExpression(fields[1], { field: 'budget', op: 'gt', value: 'lots' })).toThrow(FilterInputError);
    try { filterExpression(fields, [{ field: 'birth', op: 'eq', value: '1.1.2000' }]); } catch (e) {
      expect((e as FilterInputError).field).toBe('birth');
    }
  });

  it('offers no ordering on texts', () => {
    expect(operatorsFor(fields[0])).not.toContain('gt');
    expect(operatorsFor(fields[1])).toContain('gt');
  });
});
