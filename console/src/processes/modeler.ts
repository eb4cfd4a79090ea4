// bpmn-js wiring: the modeler with the standard properties panel, the moddle extensions that keep
// Voronka's and Flowable's attributes typed, a palette group with one entry per plugin action, and
// the findings drawn on the diagram. bpmn-js is untyped where it matters here (services by name),
// so the few services used are described below.
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import './processes.css';
import type { ActionDescriptor, ProcessFinding } from './api';
import flowable from './flowable-moddle.json';
import voronka from './voronka-moddle.json';
import { extensions, replaceExtensions } from './panel/extensions';

export { extensions, replaceExtensions };

/* eslint-disable @typescript-eslint/no-explicit-any */
export type BusinessObject = any;
export interface Shape { id: string; type: string; businessObject: BusinessObject; source?: Shape; target?: Shape }

export interface Services {
  modeling: {
    updateProperties(element: Shape, props: Record<string, unknown>): void;
    updateModdleProperties(element: Shape, target: BusinessObject, props: Record<string, unknown>): void;
    createShape(shape: unknown, position: { x: number; y: number }, parent: Shape): Shape;
    connect(source: Shape, target: Shape, attrs?: Record<string, unknown>): Shape;
    appendShape(source: Shape, shape: unknown, position?: { x: number; y: number }): Shape;
  };
  moddle: { create(type: string, props?: Record<string, unknown>): BusinessObject };
  canvas: { getRootElement(): Shape; addMarker(id: string, marker: string): void; removeMarker(id: string, marker: string): void; scrollToElement(e: Shape): void };
  elementRegistry: { get(id: string): Shape | undefined; filter(fn: (e: Shape) => boolean): Shape[] };
  selection: { select(e: Shape | Shape[]): void; get(): Shape[] };
  overlays: { add(id: string, type: string, overlay: unknown): string; remove(filter: { type: string }): void };
  eventBus: { on(event: string, cb: (e: any) => void): void; off(event: string, cb: (e: any) => void): void };
  elementFactory: { createShape(attrs: Record<string, unknown>): unknown };
  bpmnFactory: { create(type: string, attrs?: Record<string, unknown>): BusinessObject };
}

export interface VoronkaModeler {
  importXML(xml: string): Promise<{ warnings: unknown[] }>;
  saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>;
  get<K extends keyof Services>(name: K): Services[K];
  get(name: string): any;
  destroy(): void;
}

/** A new plugin step: a service task that calls the action through Voronka's `pluginAction` step. */
export function pluginStep(services: Pick<Services, 'bpmnFactory' | 'moddle' | 'elementFactory'>, action: ActionDescriptor) {
  const bo = services.bpmnFactory.create('bpmn:ServiceTask', {
    name: action.label,
    'flowable:delegateExpression': '${pluginAction}',
    'flowable:async': true,
  });
  const extension = services.moddle.create('bpmn:ExtensionElements', { values: [] });
  const actionElement = services.moddle.create('voronka:Action', { value: action.id });
  actionElement.$parent = extension;
  extension.values.push(actionElement);
  extension.$parent = bo;
  bo.extensionElements = extension;
  return services.elementFactory.createShape({ type: 'bpmn:ServiceTask', businessObject: bo });
}

/** The palette group "Voronka": one entry per plugin action the server describes. */
function VoronkaPalette(this: any, palette: any, create: any, elementFactory: any, bpmnFactory: any, moddle: any, config: { actions: ActionDescriptor[] } | undefined) {
  const actions = config?.actions ?? [];
  this.getPaletteEntries = () => {
    const entries: Record<string, unknown> = {};
    for (const action of actions) {
      const start = (event: Event) => create.start(event, pluginStep({ bpmnFactory, moddle, elementFactory }, action));
      entries[`voronka-action-${action.id}`] = {
        group: 'voronka',
        className: 'bpmn-icon-service-task voronka-palette-step',
        title: action.label,
        action: { click: start, dragstart: start },
      };
    }
    return entries;
  };
  palette.registerProvider(this);
}
VoronkaPalette.$inject = ['palette', 'create', 'elementFactory', 'bpmnFactory', 'moddle', 'config.voronkaPalette'];

const VoronkaPaletteModule = { __init__: ['voronkaPalette'], voronkaPalette: ['type', VoronkaPalette] };

export function createModeler(canvas: HTMLElement, panel: HTMLElement, actions: ActionDescriptor[]): VoronkaModeler {
  return new (Modeler as any)({
    container: canvas,
    propertiesPanel: { parent: panel },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, VoronkaPaletteModule],
    moddleExtensions: { voronka, flowable },
    voronkaPalette: { actions },
  }) as VoronkaModeler;
}

/** The process a diagram's root stands for (the first participant's in a collaboration). */
export function rootProcess(services: Pick<Services, 'canvas'>): { element: Shape; process: BusinessObject } {
  const root = services.canvas.getRootElement();
  const bo = root.businessObject;
  if (bo?.$type === 'bpmn:Collaboration') {
    const participant = (bo.participants ?? []).find((p: BusinessObject) => p.processRef);
    return { element: root, process: participant?.processRef ?? bo };
  }
  return { element: root, process: bo };
}

const FINDING = 'voronka-finding';

/**
 * Draws findings on the elements they name: a marker colours the shape, an overlay badge carries the
 * message for pointer and screen-reader users alike. Findings about the whole process have no shape
 * and stay in the list only. Answers the ids drawn.
 */
export function showFindings(services: Pick<Services, 'overlays' | 'canvas' | 'elementRegistry'>, findings: ProcessFinding[], previous: string[]): string[] {
  services.overlays.remove({ type: FINDING });
  for (const id of previous) {
    services.canvas.removeMarker(id, `${FINDING}-error`);
    services.canvas.removeMarker(id, `${FINDING}-warning`);
  }
  const drawn: string[] = [];
  const root = services.canvas.getRootElement();
  for (const finding of findings) {
    const element = services.elementRegistry.get(finding.elementId);
    if (!element || element === root || element.type === 'label') continue;
    services.canvas.addMarker(element.id, `${FINDING}-${finding.severity}`);
    const badge = document.createElement('span');
    badge.className = `${FINDING}-badge ${FINDING}-badge-${finding.severity}`;
    badge.setAttribute('role', 'img');
    badge.setAttribute('aria-label', finding.message);
    badge.title = finding.message;
    badge.dataset.elementId = finding.elementId;
    badge.dataset.code = finding.code;
    badge.textContent = finding.severity === 'error' ? '!' : '?';
    services.overlays.add(element.id, FINDING, { position: { top: -10, right: 10 }, html: badge });
    drawn.push(element.id);
  }
  return drawn;
}
