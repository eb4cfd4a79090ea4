import { describe, expect, it } from 'vitest';
import { changesOf, diffMarks, flowChanges, withFlowChanges, instanceMarks } from './markers';

describe('instanceMarks', () => {
  it('marks a failed step failed even though it is current, and passed elements completed', () => {
    const marks = instanceMarks({
      completedActivities: ['start', 'toWelcome', 'gateway'],
      currentActivities: ['sendWelcome', 'callLead'],
      incidents: [{ id: 'step:k', activityId: 'sendWelcome', message: 'refused' }],
    });
    expect(marks).toEqual([
      { id: 'start', mark: 'completed' },
      { id: 'toWelcome', mark: 'completed' },
      { id: 'gateway', mark: 'completed' },
      { id: 'sendWelcome', mark: 'failed' },
      { id: 'callLead', mark: 'current' },
    ]);
  });

  it('keeps a step that runs again in a loop current', () => {
    expect(instanceMarks({ completedActivities: ['task'], currentActivities: ['task'], incidents: [] }))
      .toEqual([{ id: 'task', mark: 'current' }]);
  });
});

describe('changesOf', () => {
  const diff = {
    _added: { review: { $type: 'bpmn:UserTask', name: 'Review the deal' } },
    _removed: { dealToDone: { $type: 'bpmn:SequenceFlow' } },
    _changed: { callLead: { model: { $type: 'bpmn:UserTask', name: 'Call today' }, attrs: { name: { oldValue: 'Call the lead', newValue: 'Call today' } } } },
    _layoutChanged: { start: {} },
  };

  it('lists removed, changed and added elements with their types and changed attributes, not layout moves', () => {
    expect(changesOf(diff)).toEqual([
      { id: 'dealToDone', kind: 'removed', type: 'SequenceFlow', name: undefined, attrs: [] },
      { id: 'callLead', kind: 'changed', type: 'UserTask', name: 'Call today', attrs: [{ name: 'name', oldValue: 'Call the lead', newValue: 'Call today' }] },
      { id: 'review', kind: 'added', type: 'UserTask', name: 'Review the deal', attrs: [] },
    ]);
  });

  it('marks the old side with what went and the new side with what came', () => {
    const { before, after } = diffMarks(changesOf(diff));
    expect(before).toEqual([{ id: 'dealToDone', mark: 'removed' }, { id: 'callLead', mark: 'changed' }]);
    expect(after).toEqual([{ id: 'callLead', mark: 'changed' }, { id: 'review', mark: 'added' }]);
  });
});

describe('flowChanges', () => {
  // What bpmn-moddle parses (the parts read): references resolved to the elements they name.
  const node = (id: string) => ({ $type: 'bpmn:UserTask', id });
  const flow = (id: string, source: string, target: string, condition?: string, name?: string) => ({
    $type: 'bpmn:SequenceFlow', id, name, sourceRef: node(source), targetRef: node(target),
    conditionExpression: condition === undefined ? undefined : { $type: 'bpmn:FormalExpression', body: condition },
  });
  const definitions = (...flowElements: object[]) => ({
    $type: 'bpmn:Definitions',
    rootElements: [{ $type: 'bpmn:Process', id: 'sale', flowElements: [node('qualify'), ...flowElements] }],
  });
  const before = definitions(
    flow('toPropose', 'qualify', 'propose'),
    flow('proposalBack', 'proposal', 'qualify', '${movedTo == \'qualification\'}'),
    flow('toLost', 'proposal', 'lost'),
    { $type: 'bpmn:SubProcess', id: 'legal', flowElements: [flow('inLegal', 'a', 'b')] },
  );
  const after = definitions(
    flow('toPropose', 'qualify', 'negotiate'),
    flow('proposalBack', 'proposal', 'qualify', '${movedTo == \'qualify\'}'),
    flow('toWon', 'proposal', 'won', undefined, 'Won'),
    { $type: 'bpmn:SubProcess', id: 'legal', flowElements: [flow('inLegal', 'a', 'b')] },
  );

  it('marks removed, added, rerouted and re-conditioned flows, sub-processes included, with what changed', () => {
    expect(flowChanges(before, after)).toEqual([
      { id: 'toPropose', kind: 'changed', type: 'SequenceFlow', name: undefined,
        attrs: [{ name: 'targetRef', oldValue: 'propose', newValue: 'negotiate' }] },
      { id: 'proposalBack', kind: 'changed', type: 'SequenceFlow', name: undefined,
        attrs: [{ name: 'conditionExpression', oldValue: "${movedTo == 'qualification'}", newValue: "${movedTo == 'qualify'}" }] },
      { id: 'toLost', kind: 'removed', type: 'SequenceFlow', name: undefined, attrs: [] },
      { id: 'toWon', kind: 'added', type: 'SequenceFlow', name: 'Won', attrs: [] },
    ]);
    expect(flowChanges(before, before)).toEqual([]);
  });

  it('puts the flows on both diagrams beside what the differ found, each element once', () => {
    const differ = changesOf({
      _added: {}, _removed: { review: { $type: 'bpmn:UserTask', name: 'Review' } },
      // The differ sees a nested condition change as a change without attributes.
      _changed: { proposalBack: { model: { $type: 'bpmn:SequenceFlow' }, attrs: {} } },
      _layoutChanged: {},
    });
    const { before: old, after: now } = diffMarks(withFlowChanges(differ, flowChanges(before, after)));
    expect(old).toEqual([
      { id: 'review', mark: 'removed' }, { id: 'toLost', mark: 'removed' },
      { id: 'proposalBack', mark: 'changed' }, { id: 'toPropose', mark: 'changed' },
    ]);
    expect(now).toEqual([{ id: 'proposalBack', mark: 'changed' }, { id: 'toPropose', mark: 'changed' }, { id: 'toWon', mark: 'added' }]);
  });
});
