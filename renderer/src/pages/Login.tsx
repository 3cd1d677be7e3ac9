// Login: shown alone on first visit, or as a dialog over the screens when a session expires (their forms stay).
import { useId, useState, type FormEvent } from 'react';
import { LanAccess } from '../components/LanAccess.js';
import { useAuth } from '../store/index.js';

export function Login({ overlay = false }: { overlay?: boolean }) {
  const login = useAuth((state) => state.login);
  const busy = useAuth((state) => state.busy);
  const error = useAuth((state) => state.error);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const titleId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void login(username, password);
  };

  const form = (
    <form className="card login" onSubmit={submit} aria-labelledby={titleId}>
      <h1 id={titleId}>{overlay ? 'Session expired' : 'Log in'}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <label>
        Username
        <input name="username" autoComplete="username" required value={username} onChange={(event) => setUsername(event.target.value)} autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Logging in…' : 'Log in'}
      </button>
      {!overlay && <LanAccess compact />}
    </form>
  );

  if (!overlay) return <main className="login-page">{form}</main>;
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      {form}
    </div>
  );
}
