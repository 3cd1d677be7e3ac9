// Channels: every process with its live state, a bitrate sparkline, start/stop/restart and the reason for a failure.
import { useEffect, useState } from 'react';
import type { Process } from '../api/types.js';
import { failureReason, formatDuration, formatProgressBitrate } from '../components/format.js';
import { channelHref } from '../components/route.js';
import { Sparkline } from '../components/Sparkline.js';
import { useAction } from '../components/useAction.js';
import { useProcesses, useStores } from '../store/index.js';

export function Channels() {
  const { processes } = useStores();
  const ids = useProcesses((state) => state.ids);
  const loaded = useProcesses((state) => state.loaded);
  const error = useProcesses((state) => state.error);

  useEffect(() => processes.getState().poll(), [processes]);

  return (
    <section aria-labelledby="channels-title">
      <div className="page-head">
        <h1 id="channels-title">Channels</h1>
        <a href="#/new" className="button primary">
          + New channel
        </a>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {!loaded && <p role="status">Loading processes…</p>}
      {loaded && ids.length === 0 && !error && <p>No channels yet. Use New channel to set one up.</p>}
      {ids.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Processes and their live state</caption>
            <thead>
              <tr>
                <th scope="col">Process</th>
                <th scope="col">State</th>
                <th scope="col">Uptime</th>
                <th scope="col">FPS</th>
                <th scope="col">Bitrate</th>
                <th scope="col">Speed</th>
                <th scope="col">Dropped</th>
                <th scope="col">Trend</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {ids.map((id) => (
                <ChannelRow key={id} id={id} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function stateLabel(process: Process): string {
  const state = process.state;
  if (!state) return 'unknown';
  if (state.exec === 'finished' && state.order === 'stop') return 'stopped';
  return state.exec;
}

function ChannelRow({ id }: { id: string }) {
  const { processes } = useStores();
  const process = useProcesses((state) => state.byId[id]);
  const bitrate = useProcesses((state) => state.bitrate[id]);
  const pending = useProcesses((state) => state.pending[id]);
  const run = useAction();
  if (!process) return null;
  const state = process.state;
  const progress = state?.progress;
  const label = stateLabel(process);
  const failed = state?.exec === 'failed';
  const name = process.reference ? `${id} (${process.reference})` : id;
  const command = (cmd: 'start' | 'stop' | 'restart') => void run(() => processes.getState().command(id, cmd));

  return (
    <>
      <tr className={failed ? 'row-failed' : undefined}>
        <th scope="row">
          <a href={channelHref(id)}>{name}</a>
        </th>
        <td>
          <span className={`badge badge-${label}`}>{label}</span>
        </td>
        <td>{formatDuration(state?.exec === 'running' ? state.runtime_seconds : 0)}</td>
        <td>{progress ? progress.fps.toFixed(1) : '–'}</td>
        <td>{formatProgressBitrate(progress)}</td>
        <td>{progress ? `${progress.speed.toFixed(2)}×` : '–'}</td>
        <td>{progress ? progress.drop : '–'}</td>
        <td>
          <Sparkline values={bitrate ?? []} label={`Bitrate trend of ${id}`} />
        </td>
        <td className="actions">
          <button type="button" onClick={() => command('start')} disabled={!!pending || state?.order === 'start'} aria-label={`Start ${id}`}>
            Start
          </button>
          <button type="button" onClick={() => command('stop')} disabled={!!pending || state?.order === 'stop'} aria-label={`Stop ${id}`}>
            Stop
          </button>
          <button type="button" onClick={() => command('restart')} disabled={!!pending} aria-label={`Restart ${id}`}>
            Restart
          </button>
        </td>
      </tr>
      {failed && (
        <tr className="row-failed-detail">
          <td colSpan={9}>
            <FailureDetails id={id} lastLine={state?.last_logline} />
          </td>
        </tr>
      )}
    </>
  );
}

function FailureDetails({ id, lastLine }: { id: string; lastLine: string | undefined }) {
  const { processes } = useStores();
  const report = useProcesses((state) => state.byId[id]?.report);
  const [open, setOpen] = useState(false);
  const run = useAction();
  useEffect(() => {
    if (open) void run(() => processes.getState().loadReport(id));
  }, [open, id, processes, run]);
  const lines = report?.log.slice(-8) ?? [];
  return (
    <div>
      <p className="reason">
        <strong>Why it failed:</strong> {failureReason(lastLine)}
      </p>
      <details onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>Last log lines of {id}</summary>
        {lines.length === 0 ? <p>{lastLine || 'No log lines.'}</p> : <pre className="log">{lines.map(([, line]) => line).join('\n')}</pre>}
      </details>
    </div>
  );
}
