import { parseProblem, ProblemError } from './problem';
import { loadSession } from './session';
import type {
  Credentials, Entity, HistoryEntry, NewRecord, NewUser, ProcessInstance, RecordChange, RecordData, RecordPage,
  Session, Task, TaskCompletion, User, Values,
} from './types';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

let onUnauthorized: () => void = () => {};

/** The app signs the user out when any call answers 401: the token expired or the server restarted. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = loadSession()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    const problem = parseProblem(res.status, text, res.statusText);
    if (res.status === 401 && token) onUnauthorized();
    throw new ProblemError(problem);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

const seg = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  login: (username: string, password: string) =>
    call<Session>('POST', '/auth/login', { username, password } satisfies Credentials),
  me: () => call<User>('GET', '/auth/me'),
  logout: () => call<void>('POST', '/auth/logout'),

  users: () => call<User[]>('GET', '/users'),
  createUser: (user: NewUser) =>
    call<User>('POST', '/users', user),

  entities: () => call<Entity[]>('GET', '/entities'),

  records: (entity: string, params: Record<string, string | number | undefined> = {}) =>
    call<RecordPage>('GET', `/records/${seg(entity)}${query(params)}`),
  record: (entity: string, id: string) => call<RecordData>('GET', `/records/${seg(entity)}/${seg(id)}`),
  createRecord: (entity: string, values: Values) =>
    call<RecordData>('POST', `/records/${seg(entity)}`, { values } satisfies NewRecord),
  updateRecord: (entity: string, id: string, version: number, values: Values) =>
    call<RecordData>('PATCH', `/records/${seg(entity)}/${seg(id)}`, { version, values } satisfies RecordChange),
  history: (entity: string, id: string) =>
    call<HistoryEntry[]>('GET', `/records/${seg(entity)}/${seg(id)}/history`),

  tasks: () => call<Task[]>('GET', '/tasks'),
  claim: (taskId: string) => call<Task>('POST', `/tasks/${seg(taskId)}/claim`),
  complete: (taskId: string, values: Values) =>
    call<void>('POST', `/tasks/${seg(taskId)}/complete`, { values } satisfies TaskCompletion),

  processInstances: (recordId: string) =>
    call<ProcessInstance[]>('GET', `/process-instances${query({ recordId })}`),
};
