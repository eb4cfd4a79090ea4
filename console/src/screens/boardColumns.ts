import type { Entity, Field } from '../api/types';
import { quote } from '../filters/rules';

/** Fields a board can be grouped by: single-choice ones. */
export function choiceFields(entity: Entity): Field[] {
  return entity.fields.filter(f => f.type === 'enum');
}

/** The filter for one column: the board's filter and the grouping field at that value. */
export function columnFilter(by: string, value: string | null, filter: string): string {
  const own = value === null ? `${by} == null` : `${by} == ${quote(value)}`;
  return filter ? `(${filter}) && ${own}` : own;
}
