// The process's metadata: every key with its JSON value, editable one key at a time (validated before sending).
import { useCallback, useEffect, useId, useState } from 'react';
import { useAction } from '../../components/useAction.js';
import { useStores } from '../../store/index.js';

export function MetadataView({ id }: { id: string }) {
  const { client } = useStores();
  const run = useAction();
  const [metadata, setMetadata] = useState<Record<string, unknown>>({});
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const keyId = useId();
  const valueId = useId();

  const load = useCallback(async () => {
    const result = await run(() => client.metadata(id));
    if (result !== undefined) setMetadata(result ?? {});
  }, [client, id, run]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      setProblem(`The value is not valid JSON: ${(error as Error).message}`);
      return;
    }
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(key)) {
      setProblem('The key may use letters, digits, "_" and "-" (up to 64).');
      return;
    }
    setProblem(null);
    await run(() => client.setMetadata(id, key, parsed), `Metadata "${key}" saved.`);
    await load();
  };

  const keys = Object.keys(metadata).sort();
  return (
    <div className="card">
      <h2>Metadata</h2>
      {keys.length === 0 ? (
        <p>No metadata.</p>
      ) : (
        <dl className="facts">
          {keys.map((name) => (
            <div key={name}>
              <dt>
                <button type="button" className="link" onClick={() => { setKey(name); setValue(JSON.stringify(metadata[name], null, 2)); }}>
                  {name}
                </button>
              </dt>
              <dd>
                <code>{truncate(JSON.stringify(metadata[name]))}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <div className="field">
        <label htmlFor={keyId}>Key</label>
        <input id={keyId} value={key} onChange={(event) => setKey(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={valueId}>Value (JSON)</label>
        <textarea id={valueId} className="code" rows={4} value={value} onChange={(event) => setValue(event.target.value)} aria-invalid={problem !== null} />
      </div>
      {problem && <p role="alert" className="error">{problem}</p>}
      <button type="button" onClick={() => void save()} disabled={key === ''}>
        Save metadata
      </button>
    </div>
  );
}

function truncate(text: string): string {
  return text.length > 120 ? text.slice(0, 119) + '…' : text;
}
