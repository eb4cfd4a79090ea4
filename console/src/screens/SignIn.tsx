import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { fieldMessages, type Problem, toProblem } from '../api/problem';
import type { Session } from '../api/types';
import { FieldErrors, ProblemBanner } from '../ui';

export function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: (s: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldMessages(problem);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      onSignedIn(await api.login(username.trim(), password));
    } catch (err) {
      setProblem(toProblem(err));
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <form onSubmit={submit} className="panel" data-testid="signin-form" noValidate>
        <h1>Voronka</h1>
        {notice && !problem && <p className="notice">{notice}</p>}
        <ProblemBanner problem={problem} fields={['username', 'password']} />
        <label>
          <span className="label">Username</span>
          <input data-testid="signin-username" autoComplete="username" autoFocus
                 value={username} onChange={e => setUsername(e.target.value)} />
        </label>
        <FieldErrors messages={errors.username} />
        <label>
          <span className="label">Password</span>
          <input data-testid="signin-password" type="password" autoComplete="current-password"
                 value={password} onChange={e => setPassword(e.target.value)} />
        </label>
        <FieldErrors messages={errors.password} />
        <button type="submit" className="primary" data-testid="signin-submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
