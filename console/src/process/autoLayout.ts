import { layoutProcess } from 'bpmn-auto-layout';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';

type SequenceFlow = ModdleElement & { sourceRef?: ModdleElement; targetRef?: ModdleElement };

/**
 * The document with every flow node's <incoming>/<outgoing> filled in from the sequence flows
 * (in processes and their sub-processes). bpmn-auto-layout follows a node's flows only through
 * those children, which hand-written BPMN leaves out: without them it stacks every node in one
 * column and draws no edge. Ids and everything else stay as they were.
 */
export async function withFlowRefs(xml: string): Promise<string> {
  const moddle = new BpmnModdle();
  const { rootElement: definitions } = await moddle.fromXML(xml);
  const containers = (definitions.get('rootElements') as ModdleElement[]).filter(e => e.$type === 'bpmn:Process');
  for (let i = 0; i < containers.length; i++) {
    for (const element of (containers[i].get('flowElements') as ModdleElement[] | undefined) ?? []) {
      if (element.$instanceOf('bpmn:SubProcess')) containers.push(element);
      if (element.$type !== 'bpmn:SequenceFlow') continue;
      const flow = element as SequenceFlow;
      link(flow.sourceRef, 'outgoing', flow);
      link(flow.targetRef, 'incoming', flow);
    }
  }
  return (await moddle.toXML(definitions)).xml;
}

function link(node: ModdleElement | undefined, side: 'incoming' | 'outgoing', flow: ModdleElement) {
  const flows = node?.get(side) as ModdleElement[] | undefined;
  if (flows && !flows.includes(flow)) flows.push(flow);
}

/** A document without diagram interchange, laid out left to right with its flows drawn. */
export async function layOut(xml: string): Promise<string> {
  return layoutProcess(await withFlowRefs(xml));
}
