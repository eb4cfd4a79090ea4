import { parseProblem, ProblemError } from './problem';
import { requestHeaders } from './headers';
import { loadSession } from './session';
import type {
  BulkRequest, Pipeline, PipelineBoard, StageMove, StageMoved, Credentials, Entity, EntityDefinitionInput, FieldRestore, HistoryEntry, Job, JobStarted, LinkedGroup, NewComment,
  NewPassword, NewRecord, NewReminder, NewUser, NewView, ProcessInstance, RecordChange, RecordData, RecordGroups, RecordPage,
  RecycleBin, Reminder, Reminders, SavedView, SearchResult, Session, StoredEntityDefinition, StoredFile, Task, TaskComment, TaskCompletion, NewTaskComment, Timeline,
  TimelineItem, User, UserChange, UserName, Values, Views, ProcessInstanceView, Incident, IncidentRetries, IncidentRetry, IncidentSkip,
  IncidentRetryRequest, IncidentSkipRequest, ProcessDefinitionVersions, MigrationPreview, MigrationRequest, MigrationResult, StageAutomation, StageAutomations,
  StoredTaskForm, TaskFormInput, TaskFormSummary
} from './types';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

let onUnauthorized: () => void = () => {};

/** The app signs the user out when any call answers 401: the token expired or the server restarted. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

/** How many times a request the server was too busy for (503) is sent again, and the longest wait asked for that we honour. */
const BUSY_RESENDS = 2;
const BUSY_WAIT_LIMIT_MS = 5_000;

/**
 * Fetches, sending again after the wait the server asks for when it answers 503 with Retry-After:
 * it says so when the database was busy (a lock it waited for), and such an answer changed
 * nothing, so sending a write again is safe. A longer wait, or a third 503, goes to the caller.
 */
export async function fetchResending(input: string, init: RequestInit, sleep = (ms: number) => new Promise(r => setTimeout(r, ms))): Promise<Response> {
  for (let resent = 0; ; resent += 1) {
    const res = await fetch(input, init);
    const wait = retryAfterMs(res);
    if (res.status !== 503 || wait === null || wait > BUSY_WAIT_LIMIT_MS || resent >= BUSY_RESENDS) return res;
    await sleep(wait);
  }
}

function retryAfterMs(res: Response): number | null {
  const header = res.headers.get('Retry-After');
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim()) * 1000;
}

async function send(method: Method, path: string, body?: BodyInit, contentType?: string, accept = 'application/json'): Promise<Response> {
  const token = loadSession()?.token;
  const res = await fetchResending(`/api/v1${path}`, { method, headers: requestHeaders(accept, contentType), body });
  if (!res.ok) {
    const problem = parseProblem(res.status, await res.text(), res.statusText);
    if (res.status === 401 && token) onUnauthorized();
    throw new ProblemError(problem);
  }
  return res;
}

/** JSON in and out; another `accept` (BPMN's XML) answers the body as text. */
async function call<T>(method: Method, path: string, body?: unknown, accept = 'application/json'): Promise<T> {
  const json = body === undefined ? undefined : JSON.stringify(body);
  const text = await (await send(method, path, json, json === undefined ? undefined : 'application/json', accept)).text();
  if (accept !== 'application/json') return text as T;
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
  /** Active colleagues by name, readable by everyone signed in. */
  userNames: () => call<UserName[]>('GET', '/users/names'),
  createUser: (user: NewUser) =>
    call<User>('POST', '/users', user),
  updateUser: (id: string, change: UserChange) => call<User>('PATCH', `/users/${seg(id)}`, change),
  resetPassword: (id: string, password: string) =>
    call<void>('POST', `/users/${seg(id)}/password`, { password } satisfies NewPassword),

  entities: () => call<Entity[]>('GET', '/entities'),
  entity: (name: string) => call<StoredEntityDefinition>('GET', `/entities/${seg(name)}`),
  saveEntity: (name: string, definition: EntityDefinitionInput, confirm = false) =>
    call<StoredEntityDefinition>('PUT', `/entities/${seg(name)}${query({ confirm: confirm ? 'true' : undefined })}`, definition),

  taskForms: () => call<TaskFormSummary[]>('GET', '/task-forms'),
  taskForm: (key: string) => call<StoredTaskForm>('GET', `/task-forms/${seg(key)}`),
  saveTaskForm: (key: string, form: TaskFormInput) => call<StoredTaskForm>('PUT', `/task-forms/${seg(key)}`, form),
  deleteTaskForm: (key: string) => call<StoredTaskForm>('DELETE', `/task-forms/${seg(key)}`),

  records: (entity: string, params: Record<string, string | number | undefined> = {}) =>
    call<RecordPage>('GET', `/records/${seg(entity)}${query(params)}`),
  record: (entity: string, id: string) => call<RecordData>('GET', `/records/${seg(entity)}/${seg(id)}`),
  createRecord: (entity: string, values: Values) =>
    call<RecordData>('POST', `/records/${seg(entity)}`, { values } satisfies NewRecord),
  updateRecord: (entity: string, id: string, version: number, values: Values) =>
    call<RecordData>('PATCH', `/records/${seg(entity)}/${seg(id)}`, { version, values } satisfies RecordChange),
  history: (entity: string, id: string) =>
    call<HistoryEntry[]>('GET', `/records/${seg(entity)}/${seg(id)}/history`),

  deleteRecord: (entity: string, id: string, version?: number) =>
    call<void>('DELETE', `/records/${seg(entity)}/${seg(id)}${query({ version })}`),
  timeline: (entity: string, id: string, before?: string) =>
    call<Timeline>('GET', `/records/${seg(entity)}/${seg(id)}/timeline${query({ limit: 30, before })}`),
  comment: (entity: string, id: string, text: string) =>
    call<TimelineItem>('POST', `/records/${seg(entity)}/${seg(id)}/comments`, { text } satisfies NewComment),
  restoreChange: (entity: string, id: string, entryId: string | number, version: number) =>
    call<RecordData>('POST', `/records/${seg(entity)}/${seg(id)}/history/${seg(String(entryId))}/restore`, { version } satisfies FieldRestore),
  addReminder: (entity: string, id: string, reminder: NewReminder) =>
    call<Reminder>('POST', `/records/${seg(entity)}/${seg(id)}/reminders`, reminder),
  reminders: (state: 'due' | 'upcoming') => call<Reminders>('GET', `/reminders${query({ state })}`),
  reminderDone: (id: string | number) => call<Reminder>('POST', `/reminders/${seg(String(id))}/done`),
  linked: (entity: string, id: string) => call<LinkedGroup[]>('GET', `/records/${seg(entity)}/${seg(id)}/linked`),

  recycleBin: (entity?: string) => call<RecycleBin>('GET', `/recycle-bin${query({ entity })}`),
  restoreDeleted: (entity: string, id: string | number) =>
    call<RecordData>('POST', `/recycle-bin/${seg(entity)}/${seg(String(id))}/restore`),
  purge: (entity: string, id: string | number) => call<void>('DELETE', `/recycle-bin/${seg(entity)}/${seg(String(id))}`),

  search: (q: string, limit = 10) => call<SearchResult>('GET', `/search${query({ q, limit })}`),
  groups: (entity: string, by: string, filter?: string) =>
    call<RecordGroups>('GET', `/records/${seg(entity)}/groups${query({ by, filter })}`),
  views: () => call<Views>('GET', '/views'),
  createView: (view: NewView) => call<SavedView>('POST', '/views', view),
  updateView: (id: string | number, view: NewView) => call<SavedView>('PUT', `/views/${seg(String(id))}`, view),
  deleteEntity: (name: string, confirm = false) =>
    call<void>('DELETE', `/entities/${seg(name)}${query({ confirm: confirm ? 'true' : undefined })}`),
  deleteView: (id: string | number) => call<void>('DELETE', `/views/${seg(String(id))}`),
  bulk: (entity: string, request: BulkRequest) => call<JobStarted>('POST', `/records/${seg(entity)}/bulk`, request),
  job: (id: string) => call<Job>('GET', `/jobs/${seg(id)}`),

  tasks: () => call<Task[]>('GET', '/tasks'),
  claim: (taskId: string) => call<Task>('POST', `/tasks/${seg(taskId)}/claim`),
  complete: (taskId: string, values: Values) =>
    call<void>('POST', `/tasks/${seg(taskId)}/complete`, { values } satisfies TaskCompletion),
  taskComments: (taskId: string) => call<TaskComment[]>('GET', `/tasks/${seg(taskId)}/comments`),
  commentTask: (taskId: string, text: string) =>
    call<TaskComment>('POST', `/tasks/${seg(taskId)}/comments`, { text } satisfies NewTaskComment),

  /** The browser writes the multipart body and its boundary itself: no Content-Type of ours. */
  uploadFile: async (file: Blob, name: string): Promise<StoredFile> => {
    const form = new FormData();
    form.append('file', file, name);
    return (await send('POST', '/files', form)).json() as Promise<StoredFile>;
  },
  fileInfo: (id: string) => call<StoredFile>('GET', `/files/${seg(id)}/info`),
  /** The bytes, read with the session's token (a plain link would carry none). */
  downloadFile: async (id: string): Promise<Blob> => (await send('GET', `/files/${seg(id)}`, undefined, undefined, '*/*')).blob(),
  pipelines: () => call<Pipeline[]>('GET', '/pipelines'),
  pipelineBoard: (processKey: string, filter?: string) =>
    call<PipelineBoard>('GET', `/pipelines/${seg(processKey)}/board${query({ filter })}`),
  moveToStage: (processKey: string, entity: string, id: string, move: StageMove) =>
    call<StageMoved>('POST', `/pipelines/${seg(processKey)}/records/${seg(entity)}/${seg(id)}/move`, move),
  stageAutomations: (processKey: string) => call<StageAutomations>('GET', `/pipelines/${seg(processKey)}/automations`),
  addStageAutomation: (processKey: string, automation: StageAutomation) =>
    call<StageAutomations>('POST', `/pipelines/${seg(processKey)}/automations`, automation),
  removeStageAutomation: (processKey: string, id: string) =>
    call<StageAutomations>('DELETE', `/pipelines/${seg(processKey)}/automations/${seg(id)}`),

  processInstances: (recordId: string) =>
    call<ProcessInstance[]>('GET', `/process-instances${query({ recordId })}`),

  // Operations (admins): instances of any record, incidents, versions and migration.
  instances: (filter: { definitionId?: string; processKey?: string; state?: string; limit?: number }) =>
    call<ProcessInstance[]>('GET', `/process-instances${query(filter)}`),
  instance: (id: string) => call<ProcessInstanceView>('GET', `/process-instances/${seg(id)}`),
  incidents: (limit = 500) => call<Incident[]>('GET', `/incidents${query({ limit })}`),
  retryIncidents: (ids: string[]) =>
    call<IncidentRetries>('POST', '/incidents/retry', { ids } satisfies IncidentRetryRequest),
  retryIncident: (id: string) => call<IncidentRetry>('POST', `/incidents/${seg(id)}/retry`),
  skipIncident: (id: string, reason: string) =>
    call<IncidentSkip>('POST', `/incidents/${seg(id)}/skip`, { reason } satisfies IncidentSkipRequest),
  processDefinitions: () => call<ProcessDefinitionVersions[]>('GET', '/process-definitions'),
  definitionXml: (definitionId: string) =>
    call<string>('GET', `/process-definitions/${seg(definitionId)}/xml`, undefined, 'application/xml'),
  migrationPreview: (definitionId: string, request: MigrationRequest) =>
    call<MigrationPreview>('POST', `/process-definitions/${seg(definitionId)}/migration/preview`, request),
  migrate: (definitionId: string, request: MigrationRequest) =>
    call<MigrationResult>('POST', `/process-definitions/${seg(definitionId)}/migration`, request),
};
