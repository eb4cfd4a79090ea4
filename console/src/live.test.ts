import { describe, expect, it } from 'vitest';
import { parseEvents } from './live';

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
