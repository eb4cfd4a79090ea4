import type { Session } from './types';

// localStorage: a sign-in holds in every tab of this browser until sign-out or the first 401,
// which both clear it (App.tsx). Tabs hear each other through the storage event.
const KEY = 'voronka.session';

export function loadSession(): Session | null {
  const raw = localStorage.getItem(KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}

/** Calls `onChange` when another tab signs in or out; returns the unsubscribe. */
export function watchSession(onChange: (session: Session | null) => void): () => void {
  const listener = (e: StorageEvent) => { if (e.key === KEY) onChange(loadSession()); };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}
