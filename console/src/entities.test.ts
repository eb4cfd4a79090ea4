import { describe, expect, it } from 'vitest';
import type { Entity, LinkedGroup } from './api/types';
import { localizeEntity, localizeField, pickLabel } from './entities';
import { withLabel } from './screens/LabelInputs';
import { groupLabel } from './screens/LinkedRecords';

const deal = {
  name: 'deal', label: 'Deal', labelPlural: 'Deals', labels: { ru: 'Сделка' }, labelsPlural: { ru: 'Сделки' }, titleFields: ['title'],
  fields: [
    { name: 'title', label: 'Title', labels: { ru: 'Название' }, type: 'text', required: true },
    { name: 'stage', label: 'Stage', type: 'enum', required: true, options: [{ value: 'won', label: 'Won', labels: { ru: 'Выиграна' } }] },
    { name: 'contact_id', label: 'Contact', type: 'link', required: false, link: 'contact', inverse: { name: 'deals', label: 'Deals', labels: { ru: 'Сделки' } } },
  ],
  layout: { sections: [{ title: 'Deal', labels: { ru: 'Сделка' }, columns: 2, fields: ['title'] }, { title: null, columns: 1, fields: ['stage'] }] },
} as unknown as Entity;

describe('labels in the user\'s language', () => {
  it('picks the language, then its base language, then the default label', () => {
    expect(pickLabel('Deal', { ru: 'Сделка', pt: 'Negócio' }, 'ru')).toBe('Сделка');
    expect(pickLabel('Deal', { ru: 'Сделка', pt: 'Negócio' }, 'pt-BR')).toBe('Negócio');
    expect(pickLabel('Deal', { ru: 'Сделка' }, 'en')).toBe('Deal');
    expect(pickLabel('Deal', undefined, 'ru')).toBe('Deal');
    expect(pickLabel(null, { ru: 'Раздел' }, 'ru')).toBe('Раздел');
  });

  it('labels an entity, its fields, options, inverse names and card sections in Russian', () => {
    const ru = localizeEntity(deal, 'ru');
    expect([ru.label, ru.labelPlural]).toEqual(['Сделка', 'Сделки']);
    expect(ru.fields.map(f => f.label)).toEqual(['Название', 'Stage', 'Contact']);
    expect(ru.fields[1].options?.[0].label).toBe('Выиграна');
    expect(ru.fields[2].inverse?.label).toBe('Сделки');
    expect(ru.layout?.sections.map(s => s.title)).toEqual(['Сделка', null]);
    expect(ru.fields[1].options?.[0].value).toBe('won');
  });

  it('keeps the default labels in English when the definition has no English ones', () => {
    const en = localizeEntity(deal, 'en');
    expect([en.label, en.labelPlural, en.fields[0].label, en.layout?.sections[0].title]).toEqual(['Deal', 'Deals', 'Title', 'Deal']);
    expect(localizeField(deal.fields[1], 'en').options?.[0].label).toBe('Won');
  });

  it('sets a label in one language and removes it when blanked', () => {
    expect(withLabel(undefined, 'ru', 'Заявка')).toEqual({ ru: 'Заявка' });
    expect(withLabel({ ru: 'Заявка', en: 'Ticket' }, 'en', '  ')).toEqual({ ru: 'Заявка' });
  });
});

describe('linked groups in the user\'s language', () => {
  it('titles an incoming group by the localized inverse name and an outgoing one by the field', () => {
    const ru = localizeEntity(deal, 'ru');
    const contact = localizeEntity({ ...deal, name: 'contact', fields: [] } as unknown as Entity, 'ru');
    const incoming: LinkedGroup = { entity: 'deal', field: 'contact_id', label: 'Deals', direction: 'incoming', items: [], total: 0 };
    expect(groupLabel(incoming, contact, ru)).toBe('Сделки');
    const outgoing: LinkedGroup = { entity: 'contact', field: 'title', label: 'Title', direction: 'outgoing', items: [], total: 0 };
    expect(groupLabel(outgoing, ru, contact)).toBe('Название');
    expect(groupLabel({ ...incoming, field: 'gone' }, contact, ru)).toBe('Deals');
  });
});
