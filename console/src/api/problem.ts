// RFC 9457 problem details, as the engine answers every error.
import i18n from '../i18n';

export interface FieldProblem {
  field: string;
  rule?: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors: FieldProblem[];
  /** On a 409 from an entity change that would lose data: what would be lost. */
  preview?: { field: string; change: string; records: number }[];
  /** On a 409 code stage-refused from a pipeline move: why the process would not move the record. */
  refusal?: {
    to: string;
    toLabel: string;
    reason: 'not-running' | 'already-there' | 'not-reachable' | 'ambiguous' | 'other-way';
    current: string[];
    /** The keys of `current`, in its order (absent from an older server). */
    currentKeys?: string[];
    /** `stepLabels`: the step's name in other languages (absent from an older server). */
    after: { stage: string | null; stageKey?: string | null; step: string; stepLabels?: Record<string, string> }[];
  };
}

/** Reads any error answer into a Problem, also when the body is not problem+json (a proxy's HTML page, say). */
export function parseProblem(status: number, body: string, statusText = ''): Problem {
  const fallback: Problem = { title: statusText || i18n.t('common.requestFailed', { status }), status, errors: [] };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return fallback;
  }
  if (typeof json !== 'object' || json === null) return fallback;
  const p = json as Record<string, unknown>;
  return {
    type: typeof p.type === 'string' ? p.type : undefined,
    title: typeof p.title === 'string' && p.title ? p.title : fallback.title,
    status: typeof p.status === 'number' ? p.status : status,
    detail: typeof p.detail === 'string' ? p.detail : undefined,
    errors: Array.isArray(p.errors) ? p.errors.filter(isFieldProblem) : [],
    ...(Array.isArray(p.preview) ? { preview: p.preview as Problem['preview'] } : {}),
    ...(typeof p.refusal === 'object' && p.refusal !== null ? { refusal: p.refusal as Problem['refusal'] } : {}),
  };
}

function isFieldProblem(e: unknown): e is FieldProblem {
  return typeof e === 'object' && e !== null
    && typeof (e as FieldProblem).field === 'string'
    && typeof (e as FieldProblem).message === 'string';
}

/** The form field an error is about: the engine names record values by their path, `values.email`. */
export function fieldOf(error: FieldProblem): string {
  return error.field.replace(/^values\./, '');
}

/** Messages per field name, for showing next to inputs. */
export function fieldMessages(problem: Problem | null): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const e of problem?.errors ?? []) (byField[fieldOf(e)] ??= []).push(e.message);
  return byField;
}

/** Field errors that no input on screen can show; the banner lists them instead. */
export function unplacedErrors(problem: Problem, shownFields: string[]): FieldProblem[] {
  return problem.errors.filter(e => !shownFields.includes(fieldOf(e)));
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
  }
}

/** Turns anything thrown (a network failure included) into a Problem to show. */
export function toProblem(err: unknown): Problem {
  if (err instanceof ProblemError) return err.problem;
  const message = err instanceof Error ? err.message : String(err);
  return { title: i18n.t('common.unreachable'), status: 0, detail: message, errors: [] };
}
