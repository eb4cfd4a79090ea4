import { useEffect, useState } from 'react';
import { api, whenUnauthorized } from './api/client';
import { isAdmin, type Session } from './api/types';
import { loadSession, saveSession } from './api/session';
import { EntitiesContext } from './entities';
import { plural } from './fields/format';
import { go, href, parseRoute, type Route } from './routes';
import { Inbox } from './screens/Inbox';
import { RecordCard } from './screens/RecordCard';
import { RecordList } from './screens/RecordList';
import { RecordNew } from './screens/RecordNew';
import { SignIn } from './screens/SignIn';
import { Users } from './screens/Users';
import { Loading, ProblemBanner } from './ui';
import { useLoad } from './useLoad';
import { startLive, useLiveState } from './live';

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | undefined>();

  useEffect(() => whenUnauthorized(() => {
    saveSession(null);
    setSession(null);
    setNotice('Your session has ended. Please sign in again.');
  }), []);

  if (!session) {
    return <SignIn notice={notice} onSignedIn={s => { saveSession(s); setNotice(undefined); setSession(s); }} />;
  }
  return (
    <Console session={session} onSignOut={() => {
      // Revoke the token on the server too; signing out locally must not wait for it.
      api.logout().catch(() => undefined);
      saveSession(null);
      setSession(null);
      setNotice(undefined);
      go(href.inbox());
    }} />
  );
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function Console({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const route = useRoute();
  // One live stream per tab while signed in; a 401 on it ends the session like any other call.
  useEffect(() => startLive(session.token, () => api.me().catch(() => undefined)), [session.token]);
  const entities = useLoad(() => api.entities(), [session.token]);
  const user = session.user;
  const here = (screen: string, entity?: string) =>
    route.screen === screen || ('entity' in route && route.entity === entity) ? 'active' : undefined;

  return (
    <EntitiesContext.Provider value={entities.data ?? []}>
      <header className="topnav">
        <span className="brand">Voronka</span>
        <nav>
          <a href={href.inbox()} className={here('inbox')} data-testid="nav-inbox">Inbox</a>
          {entities.data?.map(e => (
            <a key={e.name} href={href.list(e.name)} className={here('', e.name)} data-testid={`nav-${e.name}`}>
              {plural(e.label)}
            </a>
          ))}
          {isAdmin(user) && <a href={href.users()} className={here('users')} data-testid="nav-users">Users</a>}
        </nav>
        <LiveIndicator />
        <span className="whoami" data-testid="nav-user" data-username={user.username}>{user.displayName || user.username}</span>
        <button className="link" onClick={onSignOut} data-testid="nav-signout">Sign out</button>
      </header>
      <main className="content">
        <ProblemBanner problem={entities.problem} />
        {entities.data ? <Screen route={route} session={session} /> : !entities.problem && <Loading />}
      </main>
    </EntitiesContext.Provider>
  );
}

/** Says whether screens update by themselves right now; assistive technology hears when that changes. */
function LiveIndicator() {
  const state = useLiveState();
  const text = state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Offline';
  return (
    <span className={`live live-${state}`} role="status" data-testid="live-status" data-state={state}
          title={state === 'live' ? 'Screens update when records and tasks change' : 'Screens update when you refresh them'}>
      {text}
    </span>
  );
}

function Screen({ route, session }: { route: Route; session: Session }) {
  switch (route.screen) {
    case 'inbox': return <Inbox user={session.user} />;
    case 'users': return <Users />;
    case 'list': return <RecordList key={route.entity} entity={route.entity} />;
    case 'new': return <RecordNew key={route.entity} entity={route.entity} />;
    case 'card': return <RecordCard key={`${route.entity}/${route.id}`} entity={route.entity} id={route.id} />;
  }
}
