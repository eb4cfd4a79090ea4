// The designer's calls. Models travel as XML bytes, not JSON: a model is stored byte for byte and
// exported as stored, so these calls send and read raw bodies.
import { parseProblem, ProblemError } from '../api/problem';
import { requestHeaders } from '../api/headers';
import type { components } from '../api/openapi.gen';

type Schemas = components['schemas'];
export type ProcessModel = Schemas['ProcessModel'];
export type ProcessFinding = Schemas['ProcessFinding'];
export type ProcessModelDeployment = Schemas['ProcessModelDeployment'];
export type ProcessDefinitionVersions = Schemas['ProcessDefinitionVersions'];
export type ActionDescriptor = Schemas['ActionDescriptor'];
export type ActionInput = Schemas['ActionInput'];
export type RuleChecked = Schemas['RuleChecked'];

async function request(method: string, path: string, body?: BodyInit, contentType?: string, accept = 'application/json'): Promise<Response> {
  const res = await fetch(`/api/v1${path}`, { method, headers: requestHeaders(accept, contentType), body });
  if (!res.ok) throw new ProblemError(parseProblem(res.status, await res.text(), res.statusText));
  return res;
}

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(method, path, body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? undefined : 'application/json');
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const seg = encodeURIComponent;

export const processApi = {
  models: () => json<ProcessModel[]>('GET', '/process-models'),
  model: (id: string) => json<ProcessModel>('GET', `/process-models/${seg(id)}`),
  /** A new model from these exact bytes (an imported file is sent untouched). */
  create: async (xml: BodyInit) =>
    (await request('POST', '/process-models', xml, 'application/xml')).json() as Promise<ProcessModel>,
  /** A new revision of a model. */
  update: async (id: string, xml: BodyInit) =>
    (await request('PUT', `/process-models/${seg(id)}`, xml, 'application/xml')).json() as Promise<ProcessModel>,
  /** The stored bytes, as a blob so that nothing re-encodes them on the way to a download. */
  xml: async (id: string) => (await request('GET', `/process-models/${seg(id)}/xml`, undefined, undefined, 'application/xml')).blob(),
  deploy: (id: string) => json<ProcessModelDeployment>('POST', `/process-models/${seg(id)}/deploy`),
  definitions: () => json<ProcessDefinitionVersions[]>('GET', '/process-definitions'),
  actions: () => json<ActionDescriptor[]>('GET', '/actions'),
  /** Every expression the designer checks lives in a process: it also reads the variables every process has (movedTo, ...). */
  /** `model`: the draft's BPMN, so the names its own elements declare are known before it is saved. */
  validateRule: (entity: string, source: string, model?: string) =>
    json<RuleChecked>('POST', '/rules/validate', { entity, source, scope: 'process', ...(model === undefined ? {} : { model }) }),
};

export const processKeys = {
  models: () => ['process-models'] as const,
  model: (id: string) => ['process-model', id] as const,
  definitions: () => ['process-definitions'] as const,
  actions: () => ['actions'] as const,
};
