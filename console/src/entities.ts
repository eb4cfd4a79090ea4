import { useEntitiesQuery } from './api/queries';
import type { Entity } from './api/types';

/** The entity descriptions from GET /entities; every form and list is built from them. */
export function useEntities(): Entity[] {
  return useEntitiesQuery().data ?? [];
}

export function useEntity(name: string | undefined): Entity | undefined {
  return useEntities().find(e => e.name === name);
}
