import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { fieldMessages, type Problem, toProblem } from '../api/problem';
import { useEntity } from '../entities';
import { editableFields, type Inputs, toInputs, valuesToCreate } from '../fields/values';
import { go, href } from '../routes';
import { FieldForm, ProblemBanner } from '../ui';

export function RecordNew({ entity: name }: { entity: string }) {
  const entity = useEntity(name);
  const fields = editableFields(entity?.fields ?? []);
  const [inputs, setInputs] = useState<Inputs>(() => toInputs(fields));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  if (!entity) return <ProblemBanner problem={{ title: `Unknown entity “${name}”`, status: 404, errors: [] }} />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const { values, errors: invalid } = valuesToCreate(fields, inputs);
    setErrors(invalid);
    if (Object.keys(invalid).length) return;
    setBusy(true);
    try {
      const record = await api.createRecord(name, values);
      go(href.card(name, record.id));
    } catch (err) {
      const p = toProblem(err);
      setProblem(p);
      setErrors(fieldMessages(p));
      setBusy(false);
    }
  }

  return (
    <section>
      <div className="heading"><h2>New {entity.label.toLowerCase()}</h2></div>
      <form className="panel" onSubmit={submit} data-testid="record-form" noValidate>
        <ProblemBanner problem={problem} fields={fields.map(f => f.name)} />
        <FieldForm fields={fields} inputs={inputs} errors={errors}
                   onChange={(n, v) => setInputs(i => ({ ...i, [n]: v }))} />
        <div className="actions">
          <button type="submit" className="primary" data-testid="record-submit" disabled={busy}>Create</button>
          <a className="button" href={href.list(name)}>Cancel</a>
        </div>
      </form>
    </section>
  );
}
