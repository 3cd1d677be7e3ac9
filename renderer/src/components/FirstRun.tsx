// Inside the app, on the first start: ask for the admin password other devices on the LAN will log in with. The
// engine generated one (the app itself needs none: it is exempt as localhost); the user sets theirs or keeps it.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CoreBridge, FirstRunInfo } from '../../../preload/bridge.js';
import { errorMessage } from '../api/ApiError.js';
import { useConfig, useStores } from '../store/index.js';

export const MIN_PASSWORD_LENGTH = 8;

export function FirstRun({ bridge }: { bridge: CoreBridge }) {
  const { config } = useStores();
  const phase = useConfig((state) => state.phase);
  const [info, setInfo] = useState<FirstRunInfo | null>(null);
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();

  useEffect(() => {
    void bridge.app.firstRun().then((value) => {
      setInfo(value);
      if (value.username) setUsername(value.username);
    }, () => undefined);
  }, [bridge]);

  if (!info?.pending) return null;

  const finish = async () => {
    await bridge.app.completeFirstRun();
    setInfo({ ...info, pending: false });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) return setProblem(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    if (password !== repeat) return setProblem('The two passwords differ.');
    setProblem(null);
    try {
      await config.getState().load();
      const current = config.getState().data;
      if (!current) throw new Error(config.getState().error ?? 'The configuration could not be loaded.');
      const next = structuredClone(current.config) as typeof current.config & { api: { auth: Record<string, unknown> } };
      Object.assign(next.api.auth, { enable: true, username: username.trim(), password });
      if (!(await config.getState().saveAndReload(next))) throw new Error(config.getState().error ?? 'The engine did not come back after the reload.');
      await finish();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  const busy = phase === 'saving' || phase === 'reloading' || phase === 'waiting';
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      <form className="card login" onSubmit={(event) => void submit(event)}>
        <h1 id={titleId}>Set the admin password</h1>
        <p>Other devices on your network log in with this name and password. This app does not need it.</p>
        {info.generatedPassword && (
          <p>
            Until you choose one, the password is <code>{info.generatedPassword}</code>.
          </p>
        )}
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        <label>
          Admin username
          <input autoComplete="username" required value={username} onChange={(event) => setUsername(event.target.value)} />
        </label>
        <label>
          New password
          <input type="password" autoComplete="new-password" required value={password} onChange={(event) => setPassword(event.target.value)} autoFocus />
        </label>
        <label>
          Repeat the password
          <input type="password" autoComplete="new-password" required value={repeat} onChange={(event) => setRepeat(event.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Set password'}
          </button>
          <button type="button" disabled={busy} onClick={() => void finish().catch((error: unknown) => setProblem(errorMessage(error)))}>
            Keep the generated password
          </button>
        </div>
      </form>
    </div>
  );
}
