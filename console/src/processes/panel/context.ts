import type { Entity, TaskFormSummary, User } from '../../api/types';
import type { ActionDescriptor } from '../api';
import type { VoronkaModeler } from '../modeler';

/** What every group of the Voronka panel works with. */
export interface Ctx {
  modeler: VoronkaModeler;
  /** The entity the process's trigger names: its fields are what expressions read. */
  entity?: Entity;
  entities: Entity[];
  actions: ActionDescriptor[];
  users: User[];
  /** The task forms a user task may name (flowable:formKey). */
  taskForms: TaskFormSummary[];
}

export function services(modeler: VoronkaModeler) {
  return { modeling: modeler.get('modeling'), moddle: modeler.get('moddle') };
}
