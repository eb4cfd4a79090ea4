import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { fieldMessages, type Problem, toProblem } from '../api/problem';
import type { Entity, Field, ProcessInstance, RecordData, Value } from '../api/types';
import { useEntities } from '../entities';
import { backLinks, formatInstant, formatValue, plural, recordTitle } from '../fields/format';
import { editableFields, type Inputs, toInputs, valuesToUpdate } from '../fields/values';
import { href } from '../routes';
import { FieldForm, Loading, ProblemBanner } from '../ui';
import { useLoad } from '../useLoad';
import { type Notice, useLive } from '../live';
import { RecordLink } from './RecordLink';

export function RecordCard({ entity: name, id }: { entity: string; id: string }) {
  const entities = useEntities();
  const entity = entities.find(e => e.name === name);
  const record = useLoad(() => api.record(name, id), [name, id]);
  // Bumped after a save or on Refresh so the sections below read again too.
  const [generation, setGeneration] = useState(0);
  const refresh = () => { record.reload(); setGeneration(g => g + 1); };
  const live = useLiveCard(name, id, record.data?.version, refresh);

  if (!entity) return <ProblemBanner problem={{ title: `Unknown entity “${name}”`, status: 404, errors: [] }} />;
  if (record.problem) return <ProblemBanner problem={record.problem} />;
  if (!record.data) return <Loading what={entity.label.toLowerCase()} />;
  const data = record.data;

  return (
    <section data-testid="record-card" data-entity={name} data-record-id={String(data.id)} data-version={data.version}>
      <div className="heading">
        <div>
          <div className="muted"><a href={href.list(name)}>{plural(entity.label)}</a> / #{data.id}</div>
          <h2 data-testid="record-title">{recordTitle(entity, data)}</h2>
        </div>
        <button onClick={refresh} data-testid="card-refresh">Refresh</button>
      </div>
      <LiveNote note={live.note} />
      <Details key={`${data.id}:${data.version}`} entity={entity} record={data}
               onSaved={() => refresh()} onReload={refresh} onEditing={live.setEditing} />
      <ProcessInstances recordId={id} generation={generation} />
      {backLinks(entities, name).map(({ entity: other, field }) => (
        <Linked key={`${other.name}.${field.name}`} entity={other} field={field} id={id} generation={generation} />
      ))}
      <History entity={entity} id={id} generation={generation} />
    </section>
  );
}

/**
 * Keeps the card current: a change to this record (or to a task on it) made anywhere reads the
 * card again, unless the user is editing it; then their inputs stay and a note offers the reload,
 * as a save would meet a 409 anyway. A notice for the version already shown (our own save) is ignored.
 */
function useLiveCard(entity: string, id: string, version: number | undefined, refresh: () => void) {
  const editing = useRef(false);
  const shown = useRef(version);
  shown.current = version;
  const [note, setNote] = useState<string | null>(null);
  useLive(
    n => (n.kind === 'record' && n.entity === entity && n.recordId === id) || (n.kind === 'task' && n.recordId === id),
    n => {
      if (n.kind === 'record' && n.version !== undefined && shown.current !== undefined && n.version <= shown.current) return;
      if (editing.current && n.kind === 'record') {
        setNote('Someone else changed this record while you are editing it. Save will be refused; cancel and reload to see their change.');
        return;
      }
      setNote(n.kind === 'record' ? describe(n) : null);
      refresh();
    },
  );
  const setEditing = useCallback((on: boolean) => {
    const was = editing.current;
    editing.current = on;
    if (was && !on) setNote(null);
  }, []);
  return { note, setEditing };
}

function describe(n: Notice): string {
  if (n.type === 'deleted') return 'This record was deleted elsewhere.';
  const fields = n.changed?.length ? ` (${n.changed.join(', ')})` : '';
  return `Updated by a change elsewhere${fields}.`;
}

/** A polite announcement of what changed by itself, for people who do not watch the values. */
function LiveNote({ note }: { note: string | null }) {
  return <p className="muted live-note" role="status" aria-live="polite" data-testid="live-note">{note ?? ''}</p>;
}

function Details({ entity, record, onSaved, onReload, onEditing }: {
  entity: Entity;
  record: RecordData;
  onSaved: () => void;
  onReload: () => void;
  onEditing: (editing: boolean) => void;
}) {
  const fields = editableFields(entity.fields);
  const computed = entity.fields.filter(f => f.computed);
  const [inputs, setInputs] = useState<Inputs | null>(null);
  const isEditing = inputs !== null;
  useEffect(() => { onEditing(isEditing); }, [isEditing, onEditing]);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!inputs) return;
    setProblem(null);
    const { values, errors: invalid } = valuesToUpdate(fields, inputs, record.values);
    setErrors(invalid);
    if (Object.keys(invalid).length) return;
    if (Object.keys(values).length === 0) { setInputs(null); return; }
    setBusy(true);
    try {
      await api.updateRecord(entity.name, String(record.id), record.version, values);
      onSaved();
    } catch (err) {
      const p = toProblem(err);
      setProblem(p);
      setErrors(fieldMessages(p));
      setBusy(false);
    }
  }

  return (
    <div className="panel">
      {computed.length > 0 && (
        <div className="computed-row">
          {computed.map(f => (
            <div key={f.name} className="computed">
              <span className="label">{f.label}</span>
              <span className={`badge value-${String(record.values[f.name])}`} data-testid={`value-${f.name}`}
                    data-value={String(record.values[f.name] ?? '')}>
                {formatValue(f, record.values[f.name])}
              </span>
            </div>
          ))}
        </div>
      )}
      {inputs ? (
        <form onSubmit={save} data-testid="record-edit-form" noValidate>
          {problem?.status === 409 ? (
            <ProblemBanner problem={{ ...problem, title: 'Someone else changed this record while you were editing' ,
              detail: `You edited version ${record.version}. Reload to see the current values, then make your change again.` }}>
              <div><button type="button" onClick={onReload} data-testid="conflict-reload">Reload</button></div>
            </ProblemBanner>
          ) : <ProblemBanner problem={problem} fields={fields.map(f => f.name)} />}
          <FieldForm fields={fields} inputs={inputs} errors={errors}
                     onChange={(n, v) => setInputs(i => ({ ...i, [n]: v }))} />
          <div className="actions">
            <button type="submit" className="primary" data-testid="record-save" disabled={busy}>Save</button>
            <button type="button" onClick={() => { setInputs(null); setProblem(null); setErrors({}); }}>Cancel</button>
          </div>
        </form>
      ) : (
        <>
          <dl className="values">
            {fields.map(f => (
              <div key={f.name}>
                <dt>{f.label}</dt>
                <dd data-testid={`value-${f.name}`} data-value={String(record.values[f.name] ?? '')}>
                  <FieldValue field={f} value={record.values[f.name]} />
                </dd>
              </div>
            ))}
          </dl>
          <div className="actions">
            <button onClick={() => setInputs(toInputs(fields, record.values))} data-testid="record-edit">Edit</button>
            <span className="muted">Version {record.version} · updated {formatInstant(record.updatedAt)}</span>
          </div>
        </>
      )}
    </div>
  );
}

function FieldValue({ field, value }: { field: Field; value: Value | undefined }) {
  if (field.type === 'link' && field.link && value !== null && value !== undefined && value !== '') {
    return <RecordLink entity={field.link} id={value as string | number} />;
  }
  return <>{formatValue(field, value)}</>;
}

function ProcessInstances({ recordId, generation }: { recordId: string; generation: number }) {
  const instances = useLoad(() => api.processInstances(recordId), [recordId, generation]);
  return (
    <div className="panel">
      <h3>Processes</h3>
      <ProblemBanner problem={instances.problem} />
      {instances.data?.length === 0 && <p className="muted">No process has run for this record.</p>}
      {!!instances.data?.length && (
        <table>
          <thead><tr><th>Process</th><th>State</th><th>Now at</th><th>Started</th><th>Ended</th></tr></thead>
          <tbody>
            {instances.data.map(p => (
              <tr key={p.id} data-testid="process-instance" data-process-key={p.processKey} data-state={p.state}>
                <td>{p.processName}</td>
                <td><span className={`badge state-${p.state}`}>{p.state}</span></td>
                <td>
                  {p.state === 'active' ? currentSteps(p) : '—'}
                  {p.failures?.map(f => (
                    <div key={f.activityId + f.message} className="step-failure" data-testid="step-failure">
                      {f.name ?? f.activityId} {f.incident ? 'stopped' : `failed, ${f.retriesLeft} retries left`}: {f.message ?? 'unknown error'}
                    </div>
                  ))}
                </td>
                <td>{formatInstant(p.startedAt)}</td>
                <td>{formatInstant(p.endedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The steps a running process waits in, by name: "Call the lead (olga)". */
function currentSteps(p: ProcessInstance): string {
  const open = (p.activities ?? []).filter(a => a.endedAt === null);
  if (open.length === 0) return p.failures?.length ? '' : '—';
  return open.map(a => (a.name ?? a.activityId) + (a.assignee ? ` (${a.assignee})` : '')).join(', ');
}

/** Records of another entity that link here through `field`: a contact's deals. */
function Linked({ entity, field, id, generation }: { entity: Entity; field: Field; id: string; generation: number }) {
  const page = useLoad(() => api.records(entity.name, { [field.name]: id, limit: 50 }), [entity.name, field.name, id, generation]);
  return (
    <div className="panel" data-testid={`linked-${entity.name}`}>
      <h3>{plural(entity.label)}</h3>
      <ProblemBanner problem={page.problem} />
      {page.data?.items.length === 0 && <p className="muted">None yet.</p>}
      {!!page.data?.items.length && (
        <ul className="linked">
          {page.data.items.map(r => (
            <li key={r.id}>
              <a href={href.card(entity.name, r.id)} data-testid="linked-record" data-record-id={String(r.id)}>
                {recordTitle(entity, r)}
              </a>
              {entity.fields.filter(f => f.type === 'enum' || f.type === 'decimal').map(f => (
                <span key={f.name} className="muted"> · {f.label}: {formatValue(f, r.values[f.name])}</span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function History({ entity, id, generation }: { entity: Entity; id: string; generation: number }) {
  const history = useLoad(() => api.history(entity.name, id), [entity.name, id, generation]);
  const fieldOf = (name: string) => entity.fields.find(f => f.name === name);
  const show = (name: string, v: Value) => {
    const f = fieldOf(name);
    return f ? formatValue(f, v) : v === null ? '—' : String(v);
  };
  return (
    <div className="panel">
      <h3>History</h3>
      <ProblemBanner problem={history.problem} />
      {history.data?.length === 0 && <p className="muted">No changes recorded.</p>}
      {!!history.data?.length && (
        <table data-testid="history">
          <thead><tr><th>Version</th><th>When</th><th>Who</th><th>Field</th><th>Was</th><th>Now</th></tr></thead>
          <tbody>
            {history.data.map((h, i) => (
              <tr key={i}>
                <td>{h.version}</td>
                <td>{formatInstant(h.at)}</td>
                <td>{h.actor}</td>
                <td>{fieldOf(h.field)?.label ?? h.field}</td>
                <td>{show(h.field, h.oldValue)}</td>
                <td>{show(h.field, h.newValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
