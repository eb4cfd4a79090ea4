// Client routes: real paths (the engine answers index.html for any non-API path it has no file
// for), so a card's address can be copied, bookmarked and opened in a new tab.

const seg = (s: string | number) => encodeURIComponent(String(s));

export const href = {
  inbox: () => '/inbox',
  users: () => '/users',
  recycleBin: () => '/recycle-bin',
  designer: (entity?: string) => (entity ? `/designer/${seg(entity)}` : '/designer'),
  /** Task forms (admins): what a process's user task asks for. */
  taskForms: (key?: string) => (key ? `/task-forms/${seg(key)}` : '/task-forms'),
  reminders: () => '/reminders',
  processes: () => '/processes',
  process: (id: string) => `/processes/${seg(id)}`,
  list: (entity: string, params?: Record<string, string | undefined>) => `/records/${seg(entity)}${search(params)}`,
  pipelines: () => '/pipelines',
  pipeline: (processKey: string, params?: Record<string, string | undefined>) => `/pipelines/${seg(processKey)}${search(params)}`,
  /** A pipeline's stage automations (admins): each as the BPMN it adds to the process. */
  pipelineAutomations: (processKey: string) => `/pipelines/${seg(processKey)}/automations`,
  board: (entity: string, params?: Record<string, string | undefined>) => `/board/${seg(entity)}${search(params)}`,
  /** A new record; `preset` fills fields first (a deal created from a contact's card has the contact). */
  create: (entity: string, preset?: Record<string, string | undefined>) => `/records/${seg(entity)}/new${search(preset)}`,
  card: (entity: string, id: string | number) => `/records/${seg(entity)}/${seg(id)}`,
  instances: (params?: Record<string, string | undefined>) => `/instances${search(params)}`,
  instance: (id: string) => `/instances/${seg(id)}`,
  incidents: () => '/incidents',
  /** A process's deployed versions: instances per version, migration between them, the visual diff. */
  processVersions: () => '/process-versions',
  processVersion: (key: string) => `/process-versions/${seg(key)}`,
};

function search(params?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Old console links were hash routes (`/#/records/contact/7`); they still lead to the same screen. */
export function fromLegacyHash(hash: string): string | null {
  return /^#\/./.test(hash) ? hash.slice(1) : null;
}
