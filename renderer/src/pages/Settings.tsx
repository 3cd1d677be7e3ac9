// Settings: the engine config as a form grouped like the manual; env-set fields are locked and name their variable.
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { ConfigData, ConfigValue } from '../api/types.js';
import { useConfig, useStores } from '../store/index.js';
import { DesktopSettings } from './settings/DesktopSettings.js';
import { Essentials } from './settings/Essentials.js';

const GROUPS: { key: string; title: string }[] = [
  { key: '', title: 'General' },
  { key: 'log', title: 'Logging' },
  { key: 'db', title: 'Database' },
  { key: 'host', title: 'Hostnames' },
  { key: 'api', title: 'API security' },
  { key: 'tls', title: 'TLS / HTTPS' },
  { key: 'storage', title: 'Storage' },
  { key: 'rtmp', title: 'RTMP' },
  { key: 'srt', title: 'SRT' },
  { key: 'ffmpeg', title: 'FFmpeg' },
  { key: 'playout', title: 'Playout' },
  { key: 'debug', title: 'Debug' },
  { key: 'metrics', title: 'Metrics' },
  { key: 'sessions', title: 'Sessions' },
  { key: 'service', title: 'Service' },
  { key: 'router', title: 'Router' },
];

/** Core's environment variable for a config path, e.g. api.auth.enable → CORE_API_AUTH_ENABLE. */
export function envNameOf(path: string): string {
  return `CORE_${path.toUpperCase().replace(/\./g, '_')}`;
}

interface Leaf {
  path: string;
  value: ConfigValue;
}

/** Walks the config into editable leaves; arrays and objects of objects stay whole (edited as JSON). */
function leaves(value: ConfigValue | undefined, path: string, out: Leaf[]): Leaf[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && path !== 'router.routes') {
    for (const [key, child] of Object.entries(value)) leaves(child, path ? `${path}.${key}` : key, out);
  } else if (value !== undefined) {
    out.push({ path, value });
  }
  return out;
}

function setPath(config: ConfigData, path: string, value: ConfigValue): ConfigData {
  const copy = structuredClone(config) as Record<string, ConfigValue>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, ConfigValue>;
  node[keys[keys.length - 1]!] = value;
  return copy as ConfigData;
}

const SECRET = /password|secret|token|passphrase/;
const READ_ONLY = new Set(['created_at', 'version', 'id']);

export function Settings() {
  const { config } = useStores();
  const data = useConfig((state) => state.data);
  const error = useConfig((state) => state.error);
  const phase = useConfig((state) => state.phase);
  const attempt = useConfig((state) => state.attempt);
  const maxAttempts = useConfig((state) => state.maxAttempts);
  const [draft, setDraft] = useState<ConfigData | null>(null);
  const [invalid, setInvalid] = useState<Record<string, string>>({});

  useEffect(() => {
    void config.getState().load();
  }, [config]);
  useEffect(() => {
    if (data) setDraft(structuredClone(data.config));
  }, [data]);

  const overrides = useMemo(() => new Set(data?.overrides ?? []), [data]);
  const grouped = useMemo(() => {
    const all = draft ? leaves(draft as ConfigValue, '', []) : [];
    return GROUPS.map((group) => ({
      ...group,
      fields: all.filter((leaf) => (group.key === '' ? !leaf.path.includes('.') : leaf.path.startsWith(group.key + '.'))),
    })).filter((group) => group.fields.length > 0);
  }, [draft]);

  const busy = phase === 'saving' || phase === 'reloading' || phase === 'waiting';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft || Object.keys(invalid).length > 0) return;
    void config.getState().saveAndReload(draft);
  };

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {error && <p role="alert" className="error">{error}</p>}
      {data && data.loaded_at < data.updated_at && <p className="notice">The saved config differs from the running one: a reload is required.</p>}
      {!draft && !error && <p role="status">Loading the configuration…</p>}
      {draft && (
        <form onSubmit={submit} className="settings">
          <nav aria-label="Settings sections" className="subnav">
            {[{ title: 'Essentials' }, ...grouped].map((group) => (
              <a key={group.title} href={`#/settings`} onClick={(event) => { event.preventDefault(); document.getElementById(`group-${group.title}`)?.scrollIntoView(); }}>
                {group.title}
              </a>
            ))}
          </nav>
          <Essentials draft={draft} overrides={overrides} envNameOf={envNameOf} onChange={(path, value) => setDraft((current) => (current ? setPath(current, path, value) : current))} />
          {grouped.map((group) => (
            <fieldset key={group.title} id={`group-${group.title}`} className="card">
              <legend>{group.title}</legend>
              {group.fields.map((leaf) => (
                <Field
                  key={leaf.path}
                  leaf={leaf}
                  locked={overrides.has(leaf.path) || READ_ONLY.has(leaf.path)}
                  env={overrides.has(leaf.path) ? envNameOf(leaf.path) : null}
                  onChange={(value) => setDraft((current) => (current ? setPath(current, leaf.path, value) : current))}
                  onValidity={(message) =>
                    setInvalid((current) => {
                      const next = { ...current };
                      if (message) next[leaf.path] = message;
                      else delete next[leaf.path];
                      return next;
                    })
                  }
                />
              ))}
            </fieldset>
          ))}
          <div className="savebar">
            <button type="submit" className="primary" disabled={busy || Object.keys(invalid).length > 0}>
              Save and reload
            </button>
            <button type="button" disabled={busy} onClick={() => data && setDraft(structuredClone(data.config))}>
              Discard changes
            </button>
            {phase !== 'idle' && <ReloadProgress phase={phase} attempt={attempt} max={maxAttempts} />}
          </div>
        </form>
      )}
      {window.core && <DesktopSettings bridge={window.core} />}
    </section>
  );
}

function ReloadProgress({ phase, attempt, max }: { phase: string; attempt: number; max: number }) {
  const text =
    phase === 'saving' ? 'Saving…' : phase === 'reloading' ? 'Reloading the engine…' : phase === 'waiting' ? `Waiting for the engine to come back (${attempt} s)…` : phase === 'done' ? 'Saved and reloaded.' : 'Save or reload failed.';
  return (
    <span className="reload" role="status">
      {(phase === 'waiting' || phase === 'reloading' || phase === 'saving') && <progress max={max} value={attempt} aria-label="Reload progress" />} {text}
    </span>
  );
}

function Field({
  leaf,
  locked,
  env,
  onChange,
  onValidity,
}: {
  leaf: Leaf;
  locked: boolean;
  env: string | null;
  onChange: (value: ConfigValue) => void;
  onValidity: (message: string | null) => void;
}) {
  const id = useId();
  const hintId = useId();
  const { path, value } = leaf;
  const label = path;
  const hint = env ? (
    <small id={hintId} className="locked">
      Set by the environment variable {env}
    </small>
  ) : null;
  const describedBy = env ? hintId : undefined;

  if (typeof value === 'boolean') {
    return (
      <div className="field field-check">
        <input id={id} type="checkbox" checked={value} disabled={locked} aria-describedby={describedBy} onChange={(event) => onChange(event.target.checked)} />
        <label htmlFor={id}>{label}</label>
        {hint}
      </div>
    );
  }
  if (typeof value === 'number') {
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} type="number" value={value} disabled={locked} aria-describedby={describedBy} onChange={(event) => onChange(Number(event.target.value))} />
        {hint}
      </div>
    );
  }
  if (typeof value === 'string') {
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} type={SECRET.test(path) ? 'password' : 'text'} autoComplete="off" value={value} disabled={locked} aria-describedby={describedBy} onChange={(event) => onChange(event.target.value)} />
        {hint}
      </div>
    );
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return (
      <div className="field">
        <label htmlFor={id}>{label} (one per line)</label>
        <textarea id={id} rows={Math.min(6, Math.max(2, value.length + 1))} value={value.join('\n')} disabled={locked} aria-describedby={describedBy} onChange={(event) => onChange(event.target.value.split('\n').filter((line) => line.trim() !== ''))} />
        {hint}
      </div>
    );
  }
  return <JsonField id={id} label={label} value={value} locked={locked} hint={hint} describedBy={describedBy} onChange={onChange} onValidity={onValidity} />;
}

function JsonField(props: {
  id: string;
  label: string;
  value: ConfigValue;
  locked: boolean;
  hint: ReactNode;
  describedBy: string | undefined;
  onChange: (value: ConfigValue) => void;
  onValidity: (message: string | null) => void;
}) {
  const [text, setText] = useState(() => JSON.stringify(props.value, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const errorId = useId();
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label} (JSON)</label>
      <textarea
        id={props.id}
        className="code"
        rows={4}
        value={text}
        disabled={props.locked}
        aria-invalid={problem !== null}
        aria-describedby={[props.describedBy, problem ? errorId : undefined].filter(Boolean).join(' ') || undefined}
        onChange={(event) => {
          setText(event.target.value);
          try {
            props.onChange(JSON.parse(event.target.value) as ConfigValue);
            setProblem(null);
            props.onValidity(null);
          } catch {
            setProblem('Not valid JSON');
            props.onValidity('Not valid JSON');
          }
        }}
      />
      {problem && <small id={errorId} className="error">{problem}</small>}
      {props.hint}
    </div>
  );
}
