// Hash routes: the engine serves one index.html, so the path part never changes.

export type Route =
  | { screen: 'inbox' }
  | { screen: 'users' }
  | { screen: 'list'; entity: string }
  | { screen: 'new'; entity: string }
  | { screen: 'card'; entity: string; id: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'users' && parts.length === 1) return { screen: 'users' };
  if (parts[0] === 'records' && parts[1]) {
    if (parts.length === 2) return { screen: 'list', entity: parts[1] };
    if (parts.length === 3) {
      return parts[2] === 'new'
        ? { screen: 'new', entity: parts[1] }
        : { screen: 'card', entity: parts[1], id: parts[2] };
    }
  }
  return { screen: 'inbox' };
}

export const href = {
  inbox: () => '#/inbox',
  users: () => '#/users',
  list: (entity: string) => `#/records/${encodeURIComponent(entity)}`,
  create: (entity: string) => `#/records/${encodeURIComponent(entity)}/new`,
  card: (entity: string, id: string | number) =>
    `#/records/${encodeURIComponent(entity)}/${encodeURIComponent(String(id))}`,
};

export function go(to: string): void {
  window.location.hash = to;
}
