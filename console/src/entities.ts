import { createContext, useContext } from 'react';
import type { Entity } from './api/types';

/** The entity descriptions from GET /entities, loaded once after sign-in; every form is built from them. */
export const EntitiesContext = createContext<Entity[]>([]);

export function useEntities(): Entity[] {
  return useContext(EntitiesContext);
}

export function useEntity(name: string): Entity | undefined {
  return useEntities().find(e => e.name === name);
}
