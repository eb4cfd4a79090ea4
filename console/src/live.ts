import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';

/**
 * Live updates: one stream per signed-in tab (GET /api/v1/live, server-sent events read with
 * fetch() so the token travels in the Authorization header, never in a URL), shared by every
 * screen that subscribes. A notice only says what changed; screens read the data again through
 * the API. After a dropped connection the stream reconnects and tells everyone to read again
 * (`resync`), since notices sent meanwhile were missed.
 */

export interface Notice {
  kind: 'record' | 'task' | 'job' | 'resync';
  entity?: string | null;
  recordId?: string | null;
  type?: 'created' | 'updated' | 'deleted';
  changed?: string[];
  version?: number;
  origin?: string;
  taskId?: string;
  change?: 'created' | 'assigned' | 'completed';
  assignee?: string | null;
  jobId?: string;
}

export type LiveState = 'connecting' | 'live' | 'offline';

export interface SseEvent {
  event: string;
  data: string;
}

/** Splits server-sent-event text into complete events and the unfinished rest (pure, for tests). */
export function parseEvents(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const blocks = normalized.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length || event !== 'message') events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

type Listener = (notice: Notice) => void;
const listeners = new Set<Listener>();
const stateListeners = new Set<(s: LiveState) => void>();
let state: LiveState = 'offline';

function setState(next: LiveState) {
  state = next;
  stateListeners.forEach(l => l(next));
}

function emit(notice: Notice) {
  listeners.forEach(l => {
    try { l(notice); } catch { /* one screen's trouble must not silence the others */ }
  });
}

/** Opens the stream for this token and keeps it open; returns the function that closes it. */
export function startLive(token: string, onUnauthorized: () => void): () => void {
  const abort = new AbortController();
  let attempt = 0;
  const run = async () => {
    while (!abort.signal.aborted) {
      setState('connecting');
      try {
        const res = await fetch('/api/v1/live', {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          signal: abort.signal,
          cache: 'no-store',
        });
        if (res.status === 401) { setState('offline'); onUnauthorized(); return; }
        if (!res.ok || !res.body) throw new Error(`live stream answered ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseEvents(buffer + value);
          buffer = parsed.rest;
          for (const e of parsed.events) {
            if (e.event === 'ready') {
              setState('live');
              if (attempt > 0) emit({ kind: 'resync' });
              attempt = 0;
            } else if (e.event === 'notice') {
              try { emit(JSON.parse(e.data) as Notice); } catch { /* not a notice we understand */ }
            }
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      setState('offline');
      attempt += 1;
      const wait = Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5));
      await new Promise(resolve => setTimeout(resolve, wait));
    }
  };
  void run();
  return () => { abort.abort(); setState('offline'); };
}

/**
 * Calls `onMatch` when a notice satisfies `match` (and after a reconnect), at most once per
 * quarter second: a burst of changes (an import) costs one read, not hundreds.
 */
export function useLive(match: (notice: Notice) => boolean, onMatch: (notice: Notice) => void): void {
  const latest = useRef({ match, onMatch });
  latest.current = { match, onMatch };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending: Notice | undefined;
    const listener = (notice: Notice) => {
      if (notice.kind !== 'resync' && !latest.current.match(notice)) return;
      pending = notice;
      if (timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          if (pending) latest.current.onMatch(pending);
          pending = undefined;
        }, 250);
      }
    };
    listeners.add(listener);
    return () => { listeners.delete(listener); if (timer !== undefined) clearTimeout(timer); };
  }, []);
}

/** Whether the stream is connected, for a small indicator. */
export function useLiveState(): LiveState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    stateListeners.add(setCurrent);
    setCurrent(state);
    return () => { stateListeners.delete(setCurrent); };
  }, []);
  return current;
}

/** Every notice as it comes (no coalescing); returns the unsubscribe. */
export function onNotice(listener: (notice: Notice) => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

/**
 * Which cached server state a notice makes stale (query keys start with the resource's name,
 * see api/queries.ts). Pure, for tests. `null` means everything: after a reconnect, notices
 * were missed.
 */
export function staleKeys(notice: Notice): unknown[][] | null {
  if (notice.kind === 'resync') return null;
  if (notice.kind === 'task') {
    // A task created or completed moves its process: the operators' instance screens read again too.
    return [['tasks'], ['processes'], ['timeline'], ['instances'], ['instance']];
  }
  if (notice.kind === 'job') return notice.jobId ? [['jobs', notice.jobId]] : [['jobs']];
  const entity = notice.entity ?? undefined;
  const keys: unknown[][] = [['records', entity], ['groups', entity], ['linked'], ['search'], ['timeline', entity, notice.recordId]];
  if (notice.recordId) keys.push(['record', entity, notice.recordId], ['history', entity, notice.recordId]);
  if (notice.type === 'deleted') keys.push(['recycle-bin']);
  return keys;
}

/**
 * Marks the server state a notice touches as stale, so TanStack Query reads again whatever is on
 * screen (and the rest when it is next shown). Bursts are coalesced to one pass per 250 ms.
 */
export function invalidateOnNotices(client: QueryClient): () => void {
  let pending: Notice[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    const all = batch.map(staleKeys);
    if (all.some(k => k === null)) { void client.invalidateQueries(); return; }
    const seen = new Set<string>();
    for (const keys of all) {
      for (const key of keys ?? []) {
        const id = JSON.stringify(key);
        if (seen.has(id)) continue;
        seen.add(id);
        void client.invalidateQueries({ queryKey: key.filter(k => k !== undefined && k !== null) });
      }
    }
  };
  const stop = onNotice(notice => {
    pending.push(notice);
    if (timer === undefined) timer = setTimeout(flush, 250);
  });
  return () => { stop(); if (timer !== undefined) clearTimeout(timer); };
}
