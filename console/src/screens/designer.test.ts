import { describe, expect, it } from 'vitest';
import type { Entity, StoredEntityDefinition } from '../api/types';
import { parseOptions, rollupVias, toInput, withoutField } from './Designer';
import { moveField } from './LayoutDesigner';

describe('entity designer', () => {
  it('reads options with labels and colours, ignoring a colour that is not #rrggbb', () => {
    expect(parseOptions('prospect=Потенциальная=#1677ff\nclient = Клиент\n\nvip=VIP=red')).toEqual([
      { value: 'prospect', label: 'Потенциальная', color: '#1677ff' },
      { value: 'client', label: 'Клиент' },
      { value: 'vip', label: 'VIP' },
    ]);
  });

  it('sends back only what a PUT takes, with the version read', () => {
    const stored = {
      name: 'company', label: 'Компания', labelPlural: 'Компании', titleFields: ['title'], fields: [], sources: {}, version: 3,
      checksum: 'x', origin: 'api', changedBy: 'admin', changedAt: '2026-11-24T10:00:00Z', retired: false,
    } as StoredEntityDefinition;
    const input = toInput(stored);
    expect(input.version).toBe(3);
    expect(Object.keys(input)).not.toContain('checksum');
    expect(Object.keys(input)).not.toContain('changedBy');
  });

  it('keeps the declared indexes, so saving from the designer does not drop them', () => {
    const indexes = [{ fields: ['stage', 'closed_on', 'amount', 'contact_id'] }];
    const stored = {
      name: 'deal', label: 'Сделка', labelPlural: 'Сделки', titleFields: ['title'], fields: [], sources: {}, version: 2,
      checksum: 'x', origin: 'api', changedBy: 'admin', changedAt: '2026-11-24T10:00:00Z', indexes,
    } as StoredEntityDefinition;
    expect(toInput(stored).indexes).toEqual(indexes);
  });

  it('moves a dragged field to the end of the section it is dropped on, or out of every section', () => {
    const sections = [{ title: 'A', columns: 2, fields: ['title', 'city'] }, { title: 'B', columns: 1, fields: ['inn'] }];
    expect(moveField(sections, 'city', 1).map(s => s.fields)).toEqual([['title'], ['inn', 'city']]);
    expect(moveField(sections, 'inn', '__rest').map(s => s.fields)).toEqual([['title', 'city'], []]);
  });

  it('takes a removed field out of the layout and the title fields as well', () => {
    const doc = { name: 'company', label: 'Компания', titleFields: ['title', 'note'], fields: [{ name: 'title', type: 'text' }, { name: 'note', type: 'text' }],
      layout: { sections: [{ title: null, columns: 1, fields: ['title', 'note'] }] } };
    const next = withoutField(doc, 'note');
    expect(next.fields.map(f => f.name)).toEqual(['title']);
    expect(next.titleFields).toEqual(['title']);
    expect(next.layout?.sections[0].fields).toEqual(['title']);
  });

  it('offers a rollup over many-to-many links both ways, never over a link to the same entity', () => {
    const entity = (name: string, label: string, fields: object[]) => ({ name, label, fields } as unknown as Entity);
    const tag = entity('tag', 'Тег', [{ name: 'name', label: 'Name', type: 'text' }]);
    const contact = entity('contact', 'Контакт', [
      { name: 'tags', label: 'Теги', type: 'links', link: 'tag' },
      { name: 'friends', label: 'Друзья', type: 'links', link: 'contact' },
    ]);
    const deal = entity('deal', 'Сделка', [{ name: 'contact_id', label: 'Контакт', type: 'link', link: 'contact' }]);
    const own = (field: string, linked: string) => `own ${field} of ${linked}`;

    expect(rollupVias({ name: 'tag', fields: [] }, [tag, contact, deal], own).map(v => [v.value, v.entity.name]))
      .toEqual([['contact.tags', 'contact']]);
    const onContact = rollupVias({ name: 'contact', fields: contact.fields }, [tag, contact, deal], own);
    expect(onContact.map(v => [v.value, v.label, v.entity.name])).toEqual([
      ['deal.contact_id', 'Сделка · Контакт', 'deal'],
      ['tags', 'own Теги of Тег', 'tag'],
    ]);
  });
});
