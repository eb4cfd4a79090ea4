import { pickLabel } from '../entities';

type Labels = Record<string, string> | null | undefined;

/**
 * The name of a task or process step in `language`: its voronka:label in that language, else in
 * its base language ("ru" for "ru-RU"), else the name its BPMN gives it (BPMN gives an element one
 * name). The engine answers label languages in lower case, so the reader's tag is matched so too.
 */
export function nameIn(name: string | null | undefined, labels: Labels, language: string): string | null {
  return pickLabel(name ?? null, labels, language.toLowerCase());
}

/** A task as the inbox shows it: its name in the reader's language, else its name, else nothing. */
export function taskName(task: { name?: string | null; labels?: Labels }, language: string): string {
  return nameIn(task.name, task.labels, language) ?? '';
}
