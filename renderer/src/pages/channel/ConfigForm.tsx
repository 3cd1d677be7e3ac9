// The process config as a form: the fields an operator changes (addresses, options, reconnect, limits), one FFmpeg
// argument per line so nothing needs quoting. Saving goes through the same validation as the JSON editor.
import { useId, useState, type ReactNode } from 'react';
import type { ProcessConfig, ProcessConfigIO } from '../../api/types.js';

export const toLines = (options: string[] | undefined) => (options ?? []).join('\n');
export const fromLines = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line !== '');

export function ConfigForm({ config, onSave, errors }: { config: ProcessConfig; onSave: (config: ProcessConfig) => void; errors: string[] }) {
  const [draft, setDraft] = useState<ProcessConfig>(() => structuredClone(config));
  const patch = (change: Partial<ProcessConfig>) => setDraft((value) => ({ ...value, ...change }));
  const patchIO = (kind: 'input' | 'output', index: number, change: Partial<ProcessConfigIO>) =>
    setDraft((value) => ({ ...value, [kind]: value[kind].map((io, at) => (at === index ? { ...io, ...change } : io)) }));
  const limits = draft.limits ?? { cpu_usage: 0, memory_mbytes: 0, waitfor_seconds: 0 };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSave(draft);
      }}
    >
      <div className="form-grid">
        <Field label="Process ID">
          {(id) => <input id={id} value={draft.id} onChange={(event) => patch({ id: event.target.value })} required />}
        </Field>
        <Field label="Reference">
          {(id) => <input id={id} value={draft.reference ?? ''} onChange={(event) => patch({ reference: event.target.value })} />}
        </Field>
        <Check label="Start automatically" checked={draft.autostart ?? false} onChange={(autostart) => patch({ autostart })} />
        <Check label="Reconnect after exit" checked={draft.reconnect ?? false} onChange={(reconnect) => patch({ reconnect })} />
        <NumberField label="Reconnect delay (s)" value={draft.reconnect_delay_seconds ?? 0} onChange={(reconnect_delay_seconds) => patch({ reconnect_delay_seconds })} />
        <NumberField label="Stale timeout (s)" value={draft.stale_timeout_seconds ?? 0} onChange={(stale_timeout_seconds) => patch({ stale_timeout_seconds })} />
        <NumberField label="CPU limit (%)" value={limits.cpu_usage ?? 0} onChange={(cpu_usage) => patch({ limits: { ...limits, cpu_usage } })} />
        <NumberField label="Memory limit (MB)" value={limits.memory_mbytes ?? 0} onChange={(memory_mbytes) => patch({ limits: { ...limits, memory_mbytes } })} />
        <NumberField label="Limit grace (s)" value={limits.waitfor_seconds ?? 0} onChange={(waitfor_seconds) => patch({ limits: { ...limits, waitfor_seconds } })} />
      </div>
      <Field label="Global options (one argument per line)">
        {(id) => <textarea id={id} className="code" rows={3} value={toLines(draft.options)} onChange={(event) => patch({ options: fromLines(event.target.value) })} />}
      </Field>
      {(['input', 'output'] as const).map((kind) =>
        draft[kind].map((io, index) => (
          <fieldset key={`${kind}-${index}`}>
            <legend>
              {kind === 'input' ? 'Input' : 'Output'} {io.id}
            </legend>
            <Field label="Address">
              {(id) => <input id={id} className="code" value={io.address} onChange={(event) => patchIO(kind, index, { address: event.target.value })} required />}
            </Field>
            <Field label="Options (one argument per line)">
              {(id) => <textarea id={id} className="code" rows={4} value={toLines(io.options)} onChange={(event) => patchIO(kind, index, { options: fromLines(event.target.value) })} />}
            </Field>
          </fieldset>
        )),
      )}
      {errors.length > 0 && (
        <ul role="alert" className="error">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" className="primary">
          Validate and save
        </button>
        <button type="button" onClick={() => setDraft(structuredClone(config))}>
          Revert
        </button>
      </div>
    </form>
  );
}

function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

function NumberField({ label, value, onChange }: { label: string; value: number; onChange: (value: number) => void }) {
  return (
    <Field label={label}>
      {(id) => <input id={id} type="number" min={0} value={value} onChange={(event) => onChange(Math.max(0, Number(event.target.value) || 0))} />}
    </Field>
  );
}

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}
