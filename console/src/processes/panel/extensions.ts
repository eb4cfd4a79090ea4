// Extension elements read and replaced without bpmn-js itself, so the model changes are testable
// against bpmn-moddle alone.
import type { BusinessObject, Services, Shape } from '../modeler';

/** Extension elements of `bo` of one of `types`; the rest (another modeler's, say) stays untouched. */
export function extensions(bo: BusinessObject, ...types: string[]): BusinessObject[] {
  return (bo?.extensionElements?.values ?? []).filter((v: BusinessObject) => types.includes(v.$type));
}

/** Replaces the extension elements of `types` on `bo` with `replacement`, as one undoable command. */
export function replaceExtensions(services: Pick<Services, 'modeling' | 'moddle'>, element: Shape, bo: BusinessObject,
  types: string[], replacement: BusinessObject[]): void {
  const kept = (bo.extensionElements?.values ?? []).filter((v: BusinessObject) => !types.includes(v.$type));
  const values = [...kept, ...replacement];
  const extension = values.length ? services.moddle.create('bpmn:ExtensionElements', { values }) : undefined;
  if (extension) for (const v of values) v.$parent = extension;
  services.modeling.updateModdleProperties(element, bo, { extensionElements: extension });
}
