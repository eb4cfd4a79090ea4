import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEntitiesQuery } from './api/queries';
import type { Entity, Field } from './api/types';

type Labels = Record<string, string> | null | undefined;

/**
 * The label to show in `language` (a BCP 47 tag such as "ru" or "pt-BR"): the definition's label
 * in that language, else in its base language ("pt" for "pt-BR"), else the default `label`.
 */
export function pickLabel<T extends string | null | undefined>(label: T, labels: Labels, language: string): T | string {
  if (!labels) return label;
  const base = language.split('-')[0];
  return labels[language] || labels[base] || label;
}

/**
 * The entity with every label a user sees (entity, plural, fields, options, link inverse names,
 * card sections) in `language`; names, values and everything else as defined.
 */
export function localizeEntity(entity: Entity, language: string): Entity {
  return {
    ...entity,
    label: pickLabel(entity.label, entity.labels, language),
    labelPlural: pickLabel(entity.labelPlural, entity.labelsPlural, language),
    fields: entity.fields.map(f => localizeField(f, language)),
    layout: entity.layout && {
      ...entity.layout,
      sections: entity.layout.sections.map(s => ({ ...s, title: pickLabel(s.title, s.labels, language) })),
    },
  };
}

/** A field (of an entity or a task form) with its label, its options' and its inverse name in `language`. */
export function localizeField(field: Field, language: string): Field {
  return {
    ...field,
    label: pickLabel(field.label, field.labels, language),
    options: field.options?.map(o => ({ ...o, label: pickLabel(o.label, o.labels, language) })),
    inverse: field.inverse && { ...field.inverse, label: pickLabel(field.inverse.label, field.inverse.labels, language) },
  };
}

/**
 * The entity descriptions from GET /entities, labelled in the user's language; every form and list
 * is built from them, so the labels they show follow the language switch.
 */
export function useEntities(): Entity[] {
  const { i18n } = useTranslation();
  const data = useEntitiesQuery().data;
  const language = i18n.resolvedLanguage ?? i18n.language ?? 'en';
  return useMemo(() => (data ?? []).map(e => localizeEntity(e, language)), [data, language]);
}

export function useEntity(name: string | undefined): Entity | undefined {
  return useEntities().find(e => e.name === name);
}
