// The channel's other processes (destinations, recording): the ones that share its reference, each with its state
// and an enable/disable switch that starts or stops only that process.
import type { Process } from '../../api/types.js';
import { formatKbit } from '../../components/format.js';
import { useAction } from '../../components/useAction.js';
import { useProcesses, useStores } from '../../store/index.js';
import { stateLabel } from '../Channels.js';

/** Ids of the processes that belong to the same channel (same reference), except the channel's own. */
export function siblingsOf(byId: Record<string, Process>, ids: string[], id: string): string[] {
  const reference = byId[id]?.reference;
  if (!reference) return [];
  return ids.filter((other) => other !== id && byId[other]?.reference === reference);
}

export function Destinations({ id }: { id: string }) {
  const { processes } = useStores();
  const byId = useProcesses((state) => state.byId);
  const ids = useProcesses((state) => state.ids);
  const pending = useProcesses((state) => state.pending);
  const run = useAction();
  const siblings = siblingsOf(byId, ids, id);
  if (siblings.length === 0) return null;

  return (
    <div className="card">
      <h2>Destinations and recording</h2>
      <ul className="destinations">
        {siblings.map((other) => {
          const process = byId[other]!;
          const enabled = process.state?.order === 'start';
          return (
            <li key={other}>
              <a href={`#/channels/${encodeURIComponent(other)}`}>{other}</a>
              <span className={`badge badge-${stateLabel(process)}`}>{stateLabel(process)}</span>
              <span>{process.state?.exec === 'running' ? formatKbit(process.state.progress?.bitrate_kbit ?? 0) : ''}</span>
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={enabled}
                  disabled={pending[other] !== undefined}
                  aria-label={`Enable ${other}`}
                  onChange={() => void run(() => processes.getState().command(other, enabled ? 'stop' : 'start'), `${other} ${enabled ? 'disabled' : 'enabled'}.`)}
                />
                {enabled ? 'On' : 'Off'}
              </label>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
