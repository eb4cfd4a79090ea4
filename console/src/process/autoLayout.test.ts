import { describe, expect, it } from 'vitest';
import { layOut, withFlowRefs } from './autoLayout';

// As hand-written processes are: flows name their ends, nodes list no <incoming>/<outgoing>.
const HAND_WRITTEN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
             targetNamespace="test">
  <process id="p" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
    <userTask id="call" flowable:candidateGroups="manager"/>
    <sequenceFlow id="f2" sourceRef="call" targetRef="gate"/>
    <exclusiveGateway id="gate" default="f4"/>
    <sequenceFlow id="f3" sourceRef="gate" targetRef="call"/>
    <sequenceFlow id="f4" sourceRef="gate" targetRef="inner"/>
    <subProcess id="inner">
      <startEvent id="innerStart"/>
      <sequenceFlow id="g1" sourceRef="innerStart" targetRef="innerEnd"/>
      <endEvent id="innerEnd"/>
    </subProcess>
    <sequenceFlow id="f5" sourceRef="inner" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>`;

const refs = (xml: string, node: string, side: string) => {
  const element = new RegExp(`<(\\w+) id="${node}"[^>]*>([\\s\\S]*?)</\\1>`).exec(xml)?.[2] ?? '';
  return [...element.matchAll(new RegExp(`<${side}>(\\w+)</${side}>`, 'g'))].map(m => m[1]);
};

describe('withFlowRefs', () => {
  it('lists each node\'s flows on it, in processes and sub-processes, once', async () => {
    const wired = await withFlowRefs(HAND_WRITTEN);
    expect(refs(wired, 'call', 'incoming')).toEqual(['f1', 'f3']);
    expect(refs(wired, 'call', 'outgoing')).toEqual(['f2']);
    expect(refs(wired, 'gate', 'outgoing')).toEqual(['f3', 'f4']);
    expect(refs(wired, 'innerStart', 'outgoing')).toEqual(['g1']);
    expect(await withFlowRefs(wired)).toBe(wired);
  });

  it('keeps ids and extensions', async () => {
    const wired = await withFlowRefs(HAND_WRITTEN);
    expect(wired).toContain('id="call"');
    expect(wired).toContain('flowable:candidateGroups="manager"');
  });
});

describe('layOut', () => {
  it('draws every flow and spreads the nodes over columns', async () => {
    const laid = await layOut(HAND_WRITTEN);
    for (const flow of ['f1', 'f2', 'f3', 'f4', 'f5']) expect(laid).toMatch(new RegExp(`<bpmndi:BPMNEdge [^>]*bpmnElement="${flow}"`));
    const columns = new Set(['start', 'call', 'gate', 'inner', 'end'].map(id =>
      new RegExp(`bpmnElement="${id}"[^>]*>\\s*<dc:Bounds x="(-?[\\d.]+)"`).exec(laid)?.[1]));
    expect(columns.size).toBe(5);
  });
});
