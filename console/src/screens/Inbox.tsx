import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { fieldMessages, type Problem, toProblem } from '../api/problem';
import { isAdmin, type Task, type User } from '../api/types';
import { formatInstant } from '../fields/format';
import { type Inputs, toInputs, valuesToCreate } from '../fields/values';
import { FieldForm, Loading, ProblemBanner } from '../ui';
import { useLoad } from '../useLoad';
import { useLive } from '../live';
import { RecordLink } from './RecordLink';

export function Inbox({ user }: { user: User }) {
  const tasks = useLoad(() => api.tasks(), []);
  // Tasks created, claimed or completed anywhere (the server sends only those that concern this user).
  useLive(n => n.kind === 'task', () => tasks.reload());
  const [done, setDone] = useState<string | null>(null);

  return (
    <section>
      <div className="heading">
        <h2>Inbox</h2>
        <button onClick={tasks.reload} data-testid="inbox-refresh">Refresh</button>
      </div>
      {done && <p className="success" data-testid="task-done">{done}</p>}
      <ProblemBanner problem={tasks.problem} />
      {tasks.loading && !tasks.data && <Loading what="tasks" />}
      {tasks.data?.length === 0 && <p className="muted" data-testid="inbox-empty">No tasks for you right now.</p>}
      <ul className="tasks">
        {tasks.data?.map(task => (
          <TaskItem key={task.id} task={task} user={user}
                    onChanged={message => { setDone(message); tasks.reload(); }} />
        ))}
      </ul>
    </section>
  );
}

function mine(task: Task, user: User): boolean {
  return task.assignee === user.username || task.assignee === String(user.id);
}

function TaskItem({ task, user, onChanged }: { task: Task; user: User; onChanged: (message: string | null) => void }) {
  const [completing, setCompleting] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const canComplete = mine(task, user) || isAdmin(user);

  async function claim() {
    setBusy(true);
    setProblem(null);
    try {
      await api.claim(task.id);
      onChanged(null);
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="task panel" data-testid="task" data-task-id={task.id} data-name={task.name}
        data-record-id={task.recordId === null ? '' : String(task.recordId)} data-assignee={task.assignee ?? ''}>
      <div className="task-head">
        <div>
          <strong data-testid="task-name">{task.name}</strong>
          {task.entity && task.recordId !== null && (
            <> · <RecordLink entity={task.entity} id={task.recordId} /></>
          )}
          <div className="muted">
            {task.assignee ? <>Assigned to <span data-testid="task-assignee">{task.assignee}</span></>
              : <>Unassigned · {task.candidateGroups.join(', ') || 'anyone'}</>}
            {' · '}created {formatInstant(task.createdAt)}
          </div>
        </div>
        <div className="actions">
          {!task.assignee && (
            <button onClick={claim} disabled={busy} data-testid="task-claim">Claim</button>
          )}
          {canComplete && !completing && (
            <button className="primary" onClick={() => setCompleting(true)} data-testid="task-complete">Complete</button>
          )}
        </div>
      </div>
      <ProblemBanner problem={problem} />
      {completing && (
        <TaskForm task={task} onCancel={() => setCompleting(false)}
                  onCompleted={() => onChanged(`Completed “${task.name}”.`)} />
      )}
    </li>
  );
}

function TaskForm({ task, onCancel, onCompleted }: { task: Task; onCancel: () => void; onCompleted: () => void }) {
  const fields = task.form?.fields ?? [];
  const [inputs, setInputs] = useState<Inputs>(() => toInputs(fields));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    const { values, errors: invalid } = valuesToCreate(fields, inputs);
    setErrors(invalid);
    if (Object.keys(invalid).length) return;
    setBusy(true);
    try {
      await api.complete(task.id, values);
      onCompleted();
    } catch (err) {
      const p = toProblem(err);
      setProblem(p);
      setErrors(fieldMessages(p));
      setBusy(false);
    }
  }

  return (
    <form className="task-form" onSubmit={submit} data-testid="task-form" noValidate>
      <ProblemBanner problem={problem} fields={fields.map(f => f.name)} />
      {fields.length === 0 && <p className="muted">This task asks for nothing; complete it to move on.</p>}
      <FieldForm fields={fields} inputs={inputs} errors={errors}
                 onChange={(n, v) => setInputs(i => ({ ...i, [n]: v }))} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="task-submit">Complete task</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
