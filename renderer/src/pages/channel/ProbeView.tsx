// Probe details: what FFmpeg finds in the process's inputs (codec, resolution, rate, channels), on demand.
import { useState } from 'react';
import type { Probe } from '../../api/types.js';
import { StreamTable } from '../../components/StreamTable.js';
import { useAction } from '../../components/useAction.js';
import { useStores } from '../../store/index.js';

export function ProbeView({ id }: { id: string }) {
  const { client } = useStores();
  const run = useAction();
  const [probe, setProbe] = useState<Probe | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    const result = await run(() => client.probe(id));
    setBusy(false);
    if (result) setProbe(result);
  };

  return (
    <div className="card">
      <h2>Probe</h2>
      <button type="button" onClick={() => void start()} disabled={busy}>
        {busy ? 'Probing…' : 'Probe inputs'}
      </button>
      {busy && <progress aria-label="Probing the inputs" />}
      {probe && probe.streams.length === 0 && <p role="alert">No streams found. {probe.log.at(-1) ?? ''}</p>}
      {probe && probe.streams.length > 0 && <StreamTable streams={probe.streams} />}
    </div>
  );
}
