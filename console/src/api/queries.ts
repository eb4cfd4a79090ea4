import { QueryClient, useQuery } from '@tanstack/react-query';
import { api } from './client';
import { ProblemError } from './problem';

/**
 * Server state lives in TanStack Query. Keys start with the resource's name so that live notices
 * (live.ts `staleKeys`) can mark exactly what a change touched as stale.
 */
export const keys = {
  entities: () => ['entities'] as const,
  taskForms: () => ['task-forms'] as const,
  taskForm: (key: string) => ['task-forms', key] as const,
  records: (entity: string, params?: object) => ['records', entity, params ?? {}] as const,
  record: (entity: string, id: string) => ['record', entity, id] as const,
  history: (entity: string, id: string) => ['history', entity, id] as const,
  processes: (recordId: string) => ['processes', recordId] as const,
  tasks: () => ['tasks'] as const,
  // Under 'tasks', so a task notice marks an open task's comments stale too.
  taskComments: (taskId: string) => ['tasks', taskId, 'comments'] as const,
  // The record card's timeline; a task comment shows there as well.
  timeline: (entity: string, id: string) => ['timeline', entity, id] as const,
  users: () => ['users'] as const,
  userNames: () => ['user-names'] as const,
  instances: (filter?: object) => ['instances', filter ?? {}] as const,
  instance: (id: string) => ['instance', id] as const,
  incidents: () => ['incidents'] as const,
  processDefinitions: () => ['processDefinitions'] as const,
  definitionXml: (definitionId: string) => ['definitionXml', definitionId] as const,
};

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live notices say when data changed; no need to re-read on every focus.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
        // A 4xx will not get better by asking again.
        retry: (count, err) => !(err instanceof ProblemError && err.problem.status >= 400 && err.problem.status < 500) && count < 2,
      },
    },
  });
}

export function useEntitiesQuery(enabled = true) {
  return useQuery({ queryKey: keys.entities(), queryFn: api.entities, enabled, staleTime: 5 * 60_000 });
}

export function useRecordQuery(entity: string, id: string) {
  return useQuery({ queryKey: keys.record(entity, id), queryFn: () => api.record(entity, id) });
}

/** Active colleagues by name (everyone may read them): mentions, pickers and names on timelines. */
export function useUserNamesQuery() {
  return useQuery({ queryKey: keys.userNames(), queryFn: api.userNames, staleTime: 5 * 60_000, retry: false });
}
