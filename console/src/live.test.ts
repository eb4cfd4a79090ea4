import { describe, expect, it } from 'vitest';
import { parseEvents, staleKeys } from './live';

describe('parseEvents', () => {
  it('reads complete events and keeps the unfinished rest for the next chunk', () => {
    const first = parseEvents('retry: 3000\nevent: ready\ndata: {}\n\nevent: notice\ndata: {"kind":"rec');
    expect(first.events).toEqual([{ event: 'ready', data: '{}' }]);
    const second = parseEvents(first.rest + 'ord"}\n\n');
    expect(second.events).toEqual([{ event: 'notice', data: '{"kind":"record"}' }]);
    expect(second.rest).toBe('');
  });

  it('skips heartbeats and comments and accepts CRLF', () => {
    const parsed = parseEvents(': heartbeat\r\n\r\nevent: notice\r\ndata: 1\r\n\r\n');
    expect(parsed.events).toEqual([{ event: 'notice', data: '1' }]);
  });
});

describe('staleKeys', () => {
  it('makes a changed record stale in lists, its card and its history', () => {
    const keys = staleKeys({ kind: 'record', entity: 'contact', recordId: '7', type: 'updated', version: 3 });
    expect(keys).toContainEqual(['records', 'contact']);
    expect(keys).toContainEqual(['record', 'contact', '7']);
    expect(keys).toContainEqual(['history', 'contact', '7']);
    expect(keys).not.toContainEqual(['tasks']);
  });

  it('makes the inbox stale on a task notice and everything stale after a reconnect', () => {
    expect(staleKeys({ kind: 'task', taskId: 't1', change: 'assigned' })).toContainEqual(['tasks']);
    expect(staleKeys({ kind: 'task', taskId: 't1', change: 'completed' })).toContainEqual(['instance']);
    expect(staleKeys({ kind: 'resync' })).toBeNull();
    expect(staleKeys({ kind: 'job', jobId: 'j1' })).toEqual([['jobs', 'j1']]);
  });
});
