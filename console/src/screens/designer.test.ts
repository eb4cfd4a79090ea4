import { describe, expect, it } from 'vitest';
import type { Entity, StoredEntityDefinition } from '../api/types';
import { rollupVias, toInput, withoutField } from './Designer';
import { completeOptions, movedOption, withOption } from './OptionsEditor';
import { moveField } from './LayoutDesigner';

describe('entity designer', () => {
  it('edits an option: a blank colour or language label is taken out, the rest kept', () => {
    const options = [{ value: 'prospect', label: 'Prospect', labels: { ru: 'Потенциальный' }, color: '#1677ff' }, { value: 'client', label: 'Client' }];
    expect(withOption(options, 0, { labels: { ru: '  ', en: 'Prospect' }, color: undefined })).toEqual([
      { value: 'prospect', label: 'Prospect', labels: { en: 'Prospect' } }, { value: 'client', label: 'Client' }]);
    expect(withOption(options, 1, { labels: { ru: 'Клиент' }, color: '#52c41a' })[1]).toEqual(
      { value: 'client', label: 'Client', labels: { ru: 'Клиент' }, color: '#52c41a' });
  });

  it('moves an option up or down (its position is then its order) and stays put at the ends', () => {
    const options = [{ value: 'a', label: 'A', order: 2 }, { value: 'b', label: 'B', order: 1 }, { value: 'c', label: 'C' }];
    expect(movedOption(options, 2, -1).map(o => o.value)).toEqual(['a', 'c', 'b']);
    expect(movedOption(options, 2, -1).some(o => 'order' in o)).toBe(false);
    expect(movedOption(options, 0, -1)).toBe(options);
    expect(movedOption(options, 2, 1)).toBe(options);
  });

  it('saves only options with a value, a missing label being the value', () => {
    expect(completeOptions([{ value: ' vip ', label: ' ' }, { value: '', label: 'typing' }, { value: 'x', label: 'X' }])).toEqual([
      { value: 'vip', label: 'vip' }, { value: 'x', label: 'X' }]);
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
