import { describe, expect, it } from 'vitest';
import { changesOf, diffMarks, instanceMarks } from './markers';

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
