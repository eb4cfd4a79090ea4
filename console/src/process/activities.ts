// The flow nodes of a BPMN document (id and name), for choosing where an instance lands in a
// target version. Read with the browser's DOMParser: the document is the server's, only listed.
const NODES = new Set([
  'task', 'userTask', 'serviceTask', 'sendTask', 'receiveTask', 'manualTask', 'businessRuleTask', 'scriptTask',
  'callActivity', 'subProcess', 'intermediateCatchEvent', 'intermediateThrowEvent', 'boundaryEvent',
  'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway', 'startEvent', 'endEvent',
]);

export function activitiesOf(xml: string): { id: string; name: string }[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const found: { id: string; name: string }[] = [];
  doc.querySelectorAll('*').forEach(el => {
    const id = el.getAttribute('id');
    if (id && NODES.has(el.localName)) found.push({ id, name: el.getAttribute('name') ?? id });
  });
  return found;
}
