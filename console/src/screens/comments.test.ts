import { describe, expect, it } from 'vitest';
import { oldestFirst, sendsComment } from './comments';

const comment = (id: string, at: string) => ({ id, at, author: 'anna', text: id });

describe('task comments', () => {
  it('read oldest first, same instant in id order, without touching the given list', () => {
    const given = [
      comment('12', '2026-03-02T10:00:00Z'),
      comment('3', '2026-03-01T09:00:00+03:00'),
      comment('2', '2026-03-02T10:00:00Z'),
      comment('1', '2026-03-01T07:00:00Z'),
    ];
    expect(oldestFirst(given).map(c => c.id)).toEqual(['3', '1', '2', '12']);
    expect(given[0].id).toBe('12');
  });

  it('send on Ctrl+Enter or Cmd+Enter, not on a plain Enter or while composing', () => {
    expect(sendsComment({ key: 'Enter', ctrlKey: true, metaKey: false })).toBe(true);
    expect(sendsComment({ key: 'Enter', ctrlKey: false, metaKey: true })).toBe(true);
    expect(sendsComment({ key: 'Enter', ctrlKey: false, metaKey: false })).toBe(false);
    expect(sendsComment({ key: 'a', ctrlKey: true, metaKey: false })).toBe(false);
    expect(sendsComment({ key: 'Enter', ctrlKey: true, metaKey: false, nativeEvent: { isComposing: true } })).toBe(false);
  });
});
