// bpmn-moddle's package exports its model types but none for its entry point: the little we call.
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    id?: string;
    get(name: string): unknown;
    $instanceOf(type: string): boolean;
  }
  export class BpmnModdle {
    fromXML(xml: string): Promise<{ rootElement: ModdleElement }>;
    toXML(element: ModdleElement): Promise<{ xml: string }>;
  }
}
