// The settings most users change, in words: the servers, HTTPS and the login. They edit the same draft as the full
// form below (same paths), so nothing is saved twice.
import { useId } from 'react';
import type { ConfigData, ConfigValue } from '../../api/types.js';

interface Essential {
  path: string;
  label: string;
  kind: 'bool' | 'text' | 'secret';
}

const ESSENTIALS: Essential[] = [
  { path: 'name', label: 'Appliance name', kind: 'text' },
  { path: 'api.auth.enable', label: 'Require login for the API and UI', kind: 'bool' },
  { path: 'api.auth.username', label: 'Admin username', kind: 'text' },
  { path: 'api.auth.password', label: 'Admin password', kind: 'secret' },
  { path: 'rtmp.enable', label: 'RTMP server (OBS and encoders publish here)', kind: 'bool' },
  { path: 'srt.enable', label: 'SRT server', kind: 'bool' },
  { path: 'tls.enable', label: 'HTTPS', kind: 'bool' },
  { path: 'tls.auto', label: "Certificates from Let's Encrypt", kind: 'bool' },
];

export function getPath(config: ConfigData, path: string): ConfigValue | undefined {
  let node: ConfigValue | undefined = config as ConfigValue;
  for (const key of path.split('.')) node = node && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined;
  return node;
}

export function Essentials({
  draft,
  overrides,
  envNameOf,
  onChange,
}: {
  draft: ConfigData;
  overrides: Set<string>;
  envNameOf: (path: string) => string;
  onChange: (path: string, value: ConfigValue) => void;
}) {
  return (
    <fieldset className="card" id="group-Essentials">
      <legend>Essentials</legend>
      {ESSENTIALS.filter((item) => getPath(draft, item.path) !== undefined).map((item) => (
        <EssentialField key={item.path} item={item} value={getPath(draft, item.path)!} env={overrides.has(item.path) ? envNameOf(item.path) : null} onChange={(value) => onChange(item.path, value)} />
      ))}
    </fieldset>
  );
}

function EssentialField({ item, value, env, onChange }: { item: Essential; value: ConfigValue; env: string | null; onChange: (value: ConfigValue) => void }) {
  const id = useId();
  const hintId = useId();
  const hint = env ? (
    <small id={hintId} className="locked">
      Set by the environment variable {env}
    </small>
  ) : null;
  if (item.kind === 'bool')
    return (
      <div className="field field-check">
        <input id={id} type="checkbox" checked={value === true} disabled={env !== null} aria-describedby={env ? hintId : undefined} onChange={(event) => onChange(event.target.checked)} />
        <label htmlFor={id}>{item.label}</label>
        {hint}
      </div>
    );
  return (
    <div className="field">
      <label htmlFor={id}>{item.label}</label>
      <input
        id={id}
        type={item.kind === 'secret' ? 'password' : 'text'}
        autoComplete={item.kind === 'secret' ? 'new-password' : 'off'}
        value={String(value ?? '')}
        disabled={env !== null}
        aria-describedby={env ? hintId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint}
    </div>
  );
}
