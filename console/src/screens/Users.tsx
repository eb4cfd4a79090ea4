import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { fieldMessages, type Problem, toProblem } from '../api/problem';
import { FieldErrors, Loading, ProblemBanner } from '../ui';
import { useLoad } from '../useLoad';

// Roles the engine knows; a user gets exactly one from this screen.
const ROLES = ['manager', 'admin'];

const blank = { username: '', displayName: '', password: '', role: 'manager' };

export function Users() {
  const users = useLoad(() => api.users(), []);
  const [form, setForm] = useState(blank);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldMessages(problem);
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) =>
    setForm(f => ({ ...f, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    setAdded(null);
    try {
      const { role, ...rest } = form;
      const user = await api.createUser({ ...rest, username: rest.username.trim(), roles: [role] });
      setAdded(user.username);
      setForm(blank);
      users.reload();
    } catch (err) {
      setProblem(toProblem(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <h2>Users</h2>
      <div className="columns">
        <div className="grow">
          <ProblemBanner problem={users.problem} />
          {users.loading && !users.data && <Loading />}
          {users.data && (
            <table data-testid="users-table">
              <thead><tr><th>Username</th><th>Name</th><th>Roles</th></tr></thead>
              <tbody>
                {users.data.map(u => (
                  <tr key={u.id} data-testid="user-row" data-username={u.username}>
                    <td>{u.username}</td><td>{u.displayName}</td><td>{u.roles.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <form className="panel side" onSubmit={submit} data-testid="user-form" noValidate>
          <h3>Add a user</h3>
          {added && <p className="success" data-testid="user-added">Added {added}.</p>}
          <ProblemBanner problem={problem} fields={['username', 'displayName', 'password', 'roles']} />
          <label><span className="label">Username</span>
            <input data-testid="user-username" autoComplete="off" value={form.username} onChange={set('username')} />
          </label>
          <FieldErrors messages={errors.username} />
          <label><span className="label">Display name</span>
            <input data-testid="user-displayName" value={form.displayName} onChange={set('displayName')} />
          </label>
          <FieldErrors messages={errors.displayName} />
          <label><span className="label">Password</span>
            <input data-testid="user-password" type="password" autoComplete="new-password"
                   value={form.password} onChange={set('password')} />
          </label>
          <FieldErrors messages={errors.password} />
          <label><span className="label">Role</span>
            <select data-testid="user-role" value={form.role} onChange={set('role')}>
              {ROLES.map(r => <option key={r} value={r}>{r}</option>)}
            </select>
          </label>
          <FieldErrors messages={errors.roles} />
          <button type="submit" className="primary" data-testid="user-submit" disabled={busy}>Add user</button>
        </form>
      </div>
    </section>
  );
}
