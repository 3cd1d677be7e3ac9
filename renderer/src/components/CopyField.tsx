// A read-only value with a Copy button (stream keys, server and LAN URLs); says when the clipboard is blocked.
import { useId, useState } from 'react';

export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied');
    } catch {
      setCopied('Copy is blocked here: select the text instead');
    }
  };
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} readOnly value={value} className="mono" onFocus={(event) => event.currentTarget.select()} />
        <button type="button" onClick={() => void copy()} aria-label={`Copy ${label}`}>
          Copy
        </button>
      </div>
      <span aria-live="polite" className="hint">
        {copied}
      </span>
    </div>
  );
}
