import { useQueryClient } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { api, whenUnauthorized } from './api/client';
import { loadSession, saveSession, watchSession } from './api/session';
import type { Session } from './api/types';
import { invalidateOnNotices, startLive } from './live';
import { Shell } from './shell/Shell';
import { Inbox } from './screens/Inbox';
import { RecordCard } from './screens/RecordCard';
import { RecordList } from './screens/RecordList';
import { RecordNew } from './screens/RecordNew';
import { SignIn } from './screens/SignIn';
import { Loading } from './ui';

// Screens not every session opens load when first visited.
const Board = lazy(() => import('./screens/Board').then(m => ({ default: m.Board })));
const Pipelines = lazy(() => import('./screens/PipelineBoard').then(m => ({ default: m.Pipelines })));
const PipelineBoard = lazy(() => import('./screens/PipelineBoard').then(m => ({ default: m.PipelineBoard })));
const StageAutomations = lazy(() => import('./screens/StageAutomations').then(m => ({ default: m.StageAutomations })));
const Designer = lazy(() => import('./screens/Designer').then(m => ({ default: m.Designer })));
const TaskForms = lazy(() => import('./screens/TaskForms').then(m => ({ default: m.TaskForms })));
const RecycleBin = lazy(() => import('./screens/RecycleBin').then(m => ({ default: m.RecycleBin })));
const Processes = lazy(() => import('./processes/Processes').then(m => ({ default: m.Processes })));
const ProcessModeler = lazy(() => import('./processes/ProcessModeler').then(m => ({ default: m.ProcessModeler })));
const InstanceList = lazy(() => import('./process/InstanceList').then(m => ({ default: m.InstanceList })));
const InstanceView = lazy(() => import('./process/InstanceView').then(m => ({ default: m.InstanceView })));
const Incidents = lazy(() => import('./process/Incidents').then(m => ({ default: m.Incidents })));
const ProcessList = lazy(() => import('./process/ProcessVersions').then(m => ({ default: m.ProcessList })));
const ProcessVersions = lazy(() => import('./process/ProcessVersions').then(m => ({ default: m.ProcessVersions })));
const Users = lazy(() => import('./screens/Users').then(m => ({ default: m.Users })));
import { SessionContext, useIsAdmin } from './session';

export function App() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | undefined>();

  useEffect(() => whenUnauthorized(() => {
    saveSession(null);
    setSession(null);
    client.clear();
    setNotice(t('app.sessionEnded'));
  }), [client, t]);
  // Signing in or out in another tab does the same here.
  useEffect(() => watchSession(s => { setSession(s); if (!s) client.clear(); }), [client]);

  if (!session) {
    return <SignIn notice={notice} onSignedIn={s => { saveSession(s); setNotice(undefined); setSession(s); }} />;
  }
  const signOut = () => {
    // Revoke the token on the server too; signing out locally must not wait for it.
    api.logout().catch(() => undefined);
    saveSession(null);
    client.clear();
    setSession(null);
    setNotice(undefined);
  };
  return (
    <SessionContext.Provider value={session}>
      <Live token={session.token} />
      <Shell onSignOut={signOut}>
        <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<Navigate to="/inbox" replace />} />
          <Route path="/index.html" element={<Navigate to="/inbox" replace />} />
          <Route path="/inbox" element={<Inbox />} />
          <Route path="/users" element={<AdminOnly><Users /></AdminOnly>} />
          <Route path="/records/:entity" element={<RecordList />} />
          <Route path="/records/:entity/new" element={<RecordNew />} />
          <Route path="/records/:entity/:id" element={<RecordCard />} />
          <Route path="/board/:entity" element={<Board />} />
          <Route path="/pipelines" element={<Pipelines />} />
          <Route path="/pipelines/:processKey" element={<PipelineBoard />} />
          <Route path="/pipelines/:processKey/automations" element={<AdminOnly><StageAutomations /></AdminOnly>} />
          <Route path="/recycle-bin" element={<RecycleBin />} />
          <Route path="/designer" element={<AdminOnly><Designer /></AdminOnly>} />
          <Route path="/designer/:entity" element={<AdminOnly><Designer /></AdminOnly>} />
          <Route path="/task-forms" element={<AdminOnly><TaskForms /></AdminOnly>} />
          <Route path="/task-forms/:key" element={<AdminOnly><TaskForms /></AdminOnly>} />
          <Route path="/processes" element={<AdminOnly><Processes /></AdminOnly>} />
          <Route path="/processes/:id" element={<AdminOnly><ProcessModeler /></AdminOnly>} />
          <Route path="/instances" element={<AdminOnly><InstanceList /></AdminOnly>} />
          <Route path="/instances/:id" element={<AdminOnly><InstanceView /></AdminOnly>} />
          <Route path="/incidents" element={<AdminOnly><Incidents /></AdminOnly>} />
          <Route path="/process-versions" element={<AdminOnly><ProcessList /></AdminOnly>} />
          <Route path="/process-versions/:key" element={<AdminOnly><ProcessVersions /></AdminOnly>} />
          <Route path="*" element={<Navigate to="/inbox" replace />} />
        </Routes>
        </Suspense>
      </Shell>
    </SessionContext.Provider>
  );
}

/** One live stream per tab while signed in; its notices mark cached server state stale. */
function Live({ token }: { token: string }) {
  const client = useQueryClient();
  // A 401 on the stream ends the session like any other call (api.me answers 401 too).
  useEffect(() => startLive(token, () => api.me().catch(() => undefined)), [token]);
  useEffect(() => invalidateOnNotices(client), [client]);
  return null;
}

/** Screens only admins can use; anyone else lands in the inbox. */
function AdminOnly({ children }: { children: ReactNode }) {
  return useIsAdmin() ? <>{children}</> : <Navigate to="/inbox" replace />;
}
