// bpmn-js-differ ships no types; this is the one function the console calls.
declare module 'bpmn-js-differ' {
  import type { DiffResult } from './markers';
  export function diff(before: unknown, after: unknown): DiffResult;
}
