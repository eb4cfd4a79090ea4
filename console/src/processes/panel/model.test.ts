import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import flowable from '../flowable-moddle.json';
import voronka from '../voronka-moddle.json';
import type { BusinessObject, Shape } from '../modeler';
import { callOf, declared, type Edit, elementLabel, loopOf, refer, setCalledElement, setCallVariables, setElementLabel, setLoop } from './model';

/* eslint-disable @typescript-eslint/no-explicit-any */
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn" xmlns:voronka="https://voronka.io/bpmn" id="d" targetNamespace="t">
  <message id="Message_known" name="known"/>
  <process id="p" isExecutable="true">
    <intermediateCatchEvent id="wait"><messageEventDefinition id="md"/></intermediateCatchEvent>
    <intermediateThrowEvent id="raise"><signalEventDefinition id="sd"/></intermediateThrowEvent>
    <boundaryEvent id="late" attachedToRef="call"><escalationEventDefinition id="ed"/></boundaryEvent>
    <callActivity id="call"><extensionElements><flowable:in source="keep" target="keep"/></extensionElements></callActivity>
    <userTask id="approve"/>
    <laneSet id="ls">
      <lane id="proposal" name="Proposal">
        <extensionElements><voronka:label lang="de">Angebot</voronka:label></extensionElements>
        <flowNodeRef>approve</flowNodeRef>
      </lane>
    </laneSet>
  </process>
</definitions>`;

/** The model read by bpmn-js's own moddle with our extensions, and an edit that applies commands directly. */
async function open() {
  const moddle = (BpmnModdle as any)({ flowable, voronka });
  const { rootElement: definitions, elementsById } = await moddle.fromXML(MODEL);
  const commands: string[] = [];
  const edit: Edit = {
    moddle,
    modeling: {
      updateProperties: (element: Shape, props: Record<string, unknown>) => {
        commands.push(`update ${element.id}`);
        for (const [k, v] of Object.entries(props)) element.businessObject.set(k, v);
      },
      updateModdleProperties: (element: Shape, target: BusinessObject, props: Record<string, unknown>) => {
        commands.push(`update ${element.id}`);
        for (const [k, v] of Object.entries(props)) target.set(k, v);
      },
    } as any,
  };
  const shape = (id: string): Shape => ({ id, type: elementsById[id].$type, businessObject: elementsById[id] });
  const xml = async () => (await moddle.toXML(definitions, { format: true })).xml as string;
  return { definitions, shape, edit, xml, commands };
}

describe('the Voronka panel writes what the engine reads', () => {
  it('points a message event at a named message, declaring it once', async () => {
    const { definitions, shape, edit, xml } = await open();
    refer(edit, shape('wait'), 'bpmn:Message', 'clientAnswered');
    refer(edit, shape('wait'), 'bpmn:Message', 'clientAnswered');
    expect(declared(definitions, 'bpmn:Message').map((m: BusinessObject) => m.name)).toEqual(['known', 'clientAnswered']);
    const out = await xml();
    expect(out).toContain('<message id="Message_clientAnswered" name="clientAnswered" />');
    expect(out).toContain('<messageEventDefinition id="md" messageRef="Message_clientAnswered" />');
    refer(edit, shape('wait'), 'bpmn:Message', 'known');
    expect(await xml()).toContain('messageRef="Message_known"');
  });

  it('declares signals and escalations with their name as the escalation code', async () => {
    const { shape, edit, xml } = await open();
    refer(edit, shape('raise'), 'bpmn:Signal', 'approved');
    refer(edit, shape('late'), 'bpmn:Escalation', 'late');
    const out = await xml();
    expect(out).toContain('<signal id="Signal_approved" name="approved" />');
    expect(out).toContain('signalRef="Signal_approved"');
    expect(out).toContain('<escalation id="Escalation_late" name="late" escalationCode="late" />');
    expect(out).toContain('escalationRef="Escalation_late"');
  });

  it('calls a deployed process on the same record with variables in and out, keeping other extensions', async () => {
    const { shape, edit, xml } = await open();
    setCalledElement(edit, shape('call'), 'call-child');
    setCallVariables(edit, shape('call'), [{ source: 'amount', target: 'amount' }, { sourceExpression: '${amount * 2}', target: 'limit' },
      { source: '', target: 'incomplete' }], [{ source: 'approved', target: 'approved' }]);
    const out = await xml();
    expect(out).toContain('<callActivity id="call" calledElement="call-child" flowable:inheritBusinessKey="true">');
    expect(out).toContain('<flowable:in source="amount" target="amount" />');
    expect(out).toContain('<flowable:in sourceExpression="${amount * 2}" target="limit" />');
    expect(out).toContain('<flowable:out source="approved" target="approved" />');
    expect(out).not.toContain('incomplete');
    expect(callOf(shape('call').businessObject)).toMatchObject({ calledElement: 'call-child', inheritBusinessKey: true,
      outs: [{ source: 'approved', target: 'approved' }] });
  });

  it('makes an activity multi-instance over a collection, then sequential by count, then single again', async () => {
    const { shape, edit, xml } = await open();
    setLoop(edit, shape('approve'), { mode: 'parallel', collection: '${approvers}', elementVariable: 'approver',
      completion: '${nrOfCompletedInstances >= 2}' });
    let out = await xml();
    expect(out).toMatch(/<multiInstanceLoopCharacteristics (isSequential="false" )?flowable:collection="\$\{approvers}" flowable:elementVariable="approver">/);
    expect(out).toContain('<completionCondition xsi:type="tFormalExpression">${nrOfCompletedInstances &gt;= 2}</completionCondition>');
    expect(loopOf(shape('approve').businessObject)).toEqual({ mode: 'parallel', collection: '${approvers}', elementVariable: 'approver',
      cardinality: undefined, completion: '${nrOfCompletedInstances >= 2}' });
    setLoop(edit, shape('approve'), { mode: 'sequential', collection: '', elementVariable: '', cardinality: '${review_rounds}', completion: '' });
    out = await xml();
    expect(out).toContain('<multiInstanceLoopCharacteristics isSequential="true">');
    expect(out).toContain('<loopCardinality xsi:type="tFormalExpression">${review_rounds}</loopCardinality>');
    expect(out).not.toContain('completionCondition');
    setLoop(edit, shape('approve'), { mode: 'none' });
    expect(await xml()).not.toContain('multiInstanceLoopCharacteristics');
  });

  it('names a lane\'s stage per language as voronka:label, keeping other languages and clearing an emptied one', async () => {
    const { shape, edit, xml } = await open();
    setElementLabel(edit, shape('proposal'), 'ru', '  Предложение ');
    setElementLabel(edit, shape('proposal'), 'en', 'Offer');
    setElementLabel(edit, shape('proposal'), 'en', 'Proposal sent');
    expect(elementLabel(shape('proposal').businessObject, 'ru')).toBe('Предложение');
    expect(elementLabel(shape('proposal').businessObject, 'en')).toBe('Proposal sent');
    let out = await xml();
    expect(out).toContain('<voronka:label lang="ru">Предложение</voronka:label>');
    expect(out).toContain('<voronka:label lang="de">Angebot</voronka:label>');
    expect(out.match(/lang="en"/g)).toHaveLength(1);
    expect(out, 'BPMN puts extension elements before the lane\'s node references').toMatch(/extensionElements>\s*<(bpmn:)?flowNodeRef>approve/);
    setElementLabel(edit, shape('proposal'), 'ru', '   ');
    out = await xml();
    expect(out).not.toContain('lang="ru"');
    expect(out).toContain('Angebot');
  });

  it('reads and writes a webhook trigger that throws a signal as the engine reads it', async () => {
    const moddle = (BpmnModdle as any)({ flowable, voronka });
    const source = MODEL.replace('<process id="p" isExecutable="true">',
      '<process id="p" isExecutable="true"><extensionElements><voronka:trigger on="webhook" key="price-feed" signal="price-changed" fields="sku"/></extensionElements>');
    const { rootElement, elementsById } = await moddle.fromXML(source);
    const trigger = elementsById.p.extensionElements.values[0];
    expect(trigger.$type).toBe('voronka:Trigger');
    expect(trigger.signal, 'a declared property, not an unknown attribute').toBe('price-changed');
    expect((await moddle.toXML(rootElement)).xml).toContain('signal="price-changed"');
  });

  it('names a user task per language as voronka:label, an expression kept as written for the engine to evaluate', async () => {
    const { shape, edit, xml } = await open();
    setElementLabel(edit, shape('approve'), 'ru', 'Согласовать: ${title}');
    expect(elementLabel(shape('approve').businessObject, 'ru')).toBe('Согласовать: ${title}');
    expect(elementLabel(shape('approve').businessObject, 'en')).toBeUndefined();
    expect(await xml()).toMatch(/<userTask id="approve">\s*<extensionElements>\s*<voronka:label lang="ru">Согласовать: \$\{title\}<\/voronka:label>/);
  });
});
