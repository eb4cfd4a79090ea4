import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type { Entity, Field, RecordData } from '../api/types';
import { useEntity } from '../entities';
import { formatValue, plural, recordTitle } from '../fields/format';
import { href } from '../routes';
import { Loading, ProblemBanner } from '../ui';
import { useLoad } from '../useLoad';
import { useLive } from '../live';

const PAGE = 50;
const SUMMARY_TYPES = new Set(['phone', 'email', 'enum', 'decimal', 'number', 'link', 'user']);

/**
 * Columns that fit a list: short-valued fields besides the leading name, up to five, and every
 * computed field (score, warmth) since those are what a manager sorts leads by.
 */
export function listColumns(entity: Entity): Field[] {
  const summary = entity.fields.filter(f => !f.computed && SUMMARY_TYPES.has(f.type)).slice(0, 5);
  const computed = entity.fields.filter(f => f.computed);
  return [...summary, ...computed];
}

export function RecordList({ entity: name }: { entity: string }) {
  const entity = useEntity(name);
  // The cursor each visited page started after (undefined for the first): Previous pops, Next pushes.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [filter, setFilter] = useState<Filter | null>(null);
  const [count, setCount] = useState<{ count: number; approximate: boolean } | null>(null);
  const after = cursors[cursors.length - 1];
  // Counted once per filter, on the first page; the later pages only read their rows.
  const params = { limit: PAGE, ...(after ? { after } : { count: 'true' }), ...(filter && { [filter.field]: filter.value }) };
  const page = useLoad(() => api.records(name, params).then(p => {
    if (p.count !== undefined) setCount({ count: p.count, approximate: Boolean(p.countApproximate) });
    return p;
  }), [name, after, filter?.field, filter?.value]);
  // Any change to a record of this entity may add, drop or reorder rows on this page.
  useLive(n => n.kind === 'record' && n.entity === name, () => page.reload());
  if (!entity) return <ProblemBanner problem={{ title: `Unknown entity “${name}”`, status: 404, errors: [] }} />;
  const columns = listColumns(entity);
  const first = (cursors.length - 1) * PAGE;

  return (
    <section data-testid={`list-${name}`}>
      <div className="heading">
        <h2>{plural(entity.label)}</h2>
        <a className="button primary" href={href.create(name)} data-testid="new-record">New {entity.label.toLowerCase()}</a>
      </div>
      <FilterBar entity={entity} active={filter} onApply={f => { setCursors([undefined]); setCount(null); setFilter(f); }} />
      <ProblemBanner problem={page.problem} />
      {page.loading && !page.data && <Loading />}
      {page.data && (
        <>
          <table>
            <thead>
              <tr><th>Name</th>{columns.map(c => <th key={c.name}>{c.label}</th>)}</tr>
            </thead>
            <tbody>
              {page.data.items.map(r => <Row key={r.id} entity={entity} record={r} columns={columns} />)}
              {page.data.items.length === 0 && (
                <tr><td colSpan={columns.length + 1} className="muted">Nothing here yet.</td></tr>
              )}
            </tbody>
          </table>
          <div className="pager">
            <span className="muted" data-testid="pager-position">
              {page.data.items.length === 0 ? 0 : first + 1}–{first + page.data.items.length}
              {count && ` of ${count.approximate ? 'more than ' : ''}${count.count.toLocaleString()}`}
            </span>
            <button disabled={cursors.length === 1} onClick={() => setCursors(c => c.slice(0, -1))}>Previous</button>
            <button disabled={!page.data.next} data-testid="pager-next"
              onClick={() => { const next = page.data?.next; if (next) setCursors(c => [...c, next]); }}>Next</button>
          </div>
        </>
      )}
    </section>
  );
}

function Row({ entity, record, columns }: { entity: Entity; record: RecordData; columns: Field[] }) {
  return (
    <tr data-testid="record-row" data-record-id={String(record.id)}>
      <td><a href={href.card(entity.name, record.id)}>{recordTitle(entity, record)}</a></td>
      {columns.map(c => (
        <td key={c.name} className={c.computed ? `computed value-${String(record.values[c.name])}` : undefined}>
          {formatValue(c, record.values[c.name])}
        </td>
      ))}
    </tr>
  );
}

interface Filter {
  field: string;
  value: string;
}

/** The contract filters lists by equality on any field; this offers one such condition. */
function FilterBar({ entity, active, onApply }: {
  entity: Entity;
  active: Filter | null;
  onApply: (filter: Filter | null) => void;
}) {
  const [field, setField] = useState(active?.field ?? entity.fields[0]?.name ?? '');
  const [value, setValue] = useState(active?.value ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(value.trim() ? { field, value: value.trim() } : null);
  };
  return (
    <form className="filter" onSubmit={submit} data-testid="filter">
      <select value={field} onChange={e => setField(e.target.value)} data-testid="filter-field" aria-label="Field">
        {entity.fields.map(f => <option key={f.name} value={f.name}>{f.label}</option>)}
      </select>
      <span className="muted">is</span>
      <input value={value} onChange={e => setValue(e.target.value)} data-testid="filter-value" aria-label="Value" />
      <button type="submit" data-testid="filter-apply">Filter</button>
      {active && <button type="button" onClick={() => { setValue(''); onApply(null); }}>Clear</button>}
    </form>
  );
}
