// bpmn-auto-layout ships no types: it answers the document with diagram interchange added.
declare module 'bpmn-auto-layout' {
  export function layoutProcess(xml: string): Promise<string>;
}
