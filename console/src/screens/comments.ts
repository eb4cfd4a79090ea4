import type { TaskComment } from '../api/types';

/** Oldest first, as a conversation reads; comments written in the same instant keep their id order. */
export function oldestFirst(comments: readonly TaskComment[]): TaskComment[] {
  return [...comments].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id, 'en', { numeric: true }));
}

/** Ctrl+Enter (Cmd+Enter on a Mac) sends; a plain Enter starts a new line. */
export function sendsComment(key: { key: string; ctrlKey: boolean; metaKey: boolean; nativeEvent?: { isComposing?: boolean } }): boolean {
  return key.key === 'Enter' && (key.ctrlKey || key.metaKey) && !key.nativeEvent?.isComposing;
}
