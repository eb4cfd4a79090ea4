import { describe, expect, it } from 'vitest';
import type { Entity, Field } from '../api/types';
import { columnFilter } from './boardColumns';
import { layoutSections } from './RecordLayout';

const f = (name: string): Field => ({ name, label: name, type: 'text', required: false, options: [] });
const deal = (layout?: unknown): Entity =>
  ({ name: 'deal', label: 'Deal', labelPlural: 'Deals', titleFields: [], fields: ['title', 'amount', 'stage', 'notes'].map(f), ...(layout ? { layout } : {}) }) as Entity;

describe('layoutSections', () => {
  it('follows the entity layout and keeps fields it does not name in a last section', () => {
    const sections = layoutSections(deal({ sections: [{ title: 'Money', columns: 2, fields: ['amount', 'stage', 'gone'] }] }), deal().fields);
    expect(sections.map(s => [s.title, s.columns, s.fields.map(x => x.name)])).toEqual([
      ['Money', 2, ['amount', 'stage']],
      [undefined, 1, ['title', 'notes']],
    ]);
  });

  it('puts everything in one two-column section without a layout', () => {
    expect(layoutSections(deal(), deal().fields).map(s => s.fields.length)).toEqual([4]);
  });
});

describe('board columns', () => {
  it('select their value within the board filter, quoting it', () => {
    expect(columnFilter('stage', 'won', '')).toBe("stage == 'won'");
    expect(columnFilter('stage', "it's", 'amount > 5 || vip == true')).toBe("(amount > 5 || vip == true) && stage == 'it\\'s'");
    expect(columnFilter('stage', null, '')).toBe('stage == null');
  });
});
