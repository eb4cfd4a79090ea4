import type { ReactNode } from 'react';
import { type Problem, unplacedErrors } from './api/problem';
import type { Field } from './api/types';
import type { Input, Inputs } from './fields/values';

export function ProblemBanner({ problem, fields = [], children }: {
  problem: Problem | null | undefined;
  /** Fields shown with inputs; their errors appear there, not here. */
  fields?: string[];
  children?: ReactNode;
}) {
  if (!problem) return null;
  const rest = unplacedErrors(problem, fields);
  return (
    <div className="problem" role="alert" data-testid="problem">
      <strong>{problem.title}</strong>
      {problem.detail && <div>{problem.detail}</div>}
      {rest.length > 0 && (
        <ul>{rest.map((e, i) => <li key={i}><code>{e.field}</code>: {e.message}</li>)}</ul>
      )}
      {children}
    </div>
  );
}

export function Loading({ what = '' }: { what?: string }) {
  return <p className="muted">Loading{what && ` ${what}`}…</p>;
}

export function FieldErrors({ messages }: { messages?: string[] }) {
  if (!messages?.length) return null;
  return <div className="field-error">{messages.join('; ')}</div>;
}

/** One labelled control per field, chosen by the field's type. */
export function FieldForm({ fields, inputs, errors, onChange }: {
  fields: Field[];
  inputs: Inputs;
  errors: Record<string, string[]>;
  onChange: (name: string, input: Input) => void;
}) {
  return (
    <div className="fields">
      {fields.map(field => (
        <div key={field.name} className={`field field-${field.type}`}>
          {field.type === 'boolean' ? (
            <label className="check">
              <FieldControl field={field} input={inputs[field.name]} onChange={onChange} />
              {field.label}
            </label>
          ) : (
            <label>
              <span className="label">{field.label}{field.required && <span className="req"> *</span>}</span>
              <FieldControl field={field} input={inputs[field.name]} onChange={onChange} />
            </label>
          )}
          <FieldErrors messages={errors[field.name]} />
        </div>
      ))}
    </div>
  );
}

function FieldControl({ field, input, onChange }: {
  field: Field;
  input: Input | undefined;
  onChange: (name: string, input: Input) => void;
}) {
  const common = { name: field.name, 'data-testid': `field-${field.name}` };
  const text = typeof input === 'string' ? input : '';
  const set = (v: Input) => onChange(field.name, v);
  switch (field.type) {
    case 'boolean':
      return <input {...common} type="checkbox" checked={input === true} onChange={e => set(e.target.checked)} />;
    case 'enum':
      return (
        <select {...common} value={text} onChange={e => set(e.target.value)}>
          <option value="">—</option>
          {(field.options ?? []).map(o => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      );
    default:
      return (
        <input {...common} value={text} onChange={e => set(e.target.value)} {...controlFor(field)} />
      );
  }
}

function controlFor(field: Field): Record<string, string | number> {
  switch (field.type) {
    case 'email': return { type: 'email', autoComplete: 'off' };
    case 'phone': return { type: 'tel', autoComplete: 'off' };
    case 'date': return { type: 'date' };
    case 'number': return { type: 'text', inputMode: 'numeric' };
    case 'decimal': return { type: 'text', inputMode: 'decimal' };
    case 'user': return { type: 'text', placeholder: 'username', autoComplete: 'off' };
    case 'link': return { type: 'text', placeholder: `id of a ${field.link ?? 'record'}`, autoComplete: 'off' };
    default: return field.maxLength ? { type: 'text', maxLength: field.maxLength } : { type: 'text' };
  }
}
