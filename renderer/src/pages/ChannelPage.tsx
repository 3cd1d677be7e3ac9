// One process: live HLS preview with its latency, state, its channel's destinations, report and log history, probe,
// metadata, and the config as a form or as raw JSON (validated before sending).
import Hls from 'hls.js';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ProcessConfig, ProcessReportHistoryEntry } from '../api/types.js';
import { failureReason, formatBytes, formatDuration, formatProgressBitrate, formatTime } from '../components/format.js';
import { CopyField } from '../components/CopyField.js';
import { QrImage, useLanOrigin } from '../components/LanAccess.js';
import { useAction } from '../components/useAction.js';
import { useProcesses, useStores } from '../store/index.js';
import { stateLabel } from './Channels.js';
import { ConfigForm } from './channel/ConfigForm.js';
import { Destinations } from './channel/Destinations.js';
import { MetadataView } from './channel/MetadataView.js';
import { ProbeView } from './channel/ProbeView.js';

/** Where the process writes its HLS playlist in memfs: the master playlist if named, else the first .m3u8 output. */
export function playlistOf(config: ProcessConfig | undefined): string | null {
  if (!config) return null;
  const expand = (value: string, outputId: string) =>
    value.replaceAll('{processid}', config.id).replaceAll('{reference}', config.reference ?? '').replaceAll('{outputid}', outputId);
  for (const output of config.output) {
    const options = output.options ?? [];
    const master = options.indexOf('-master_pl_name');
    if (master >= 0 && options[master + 1] && output.address.includes('{memfs}')) return '/memfs/' + expand(options[master + 1]!, output.id);
    const match = /\{memfs\}\/([^|\]]+\.m3u8)/.exec(output.address);
    if (match) return '/memfs/' + expand(match[1]!, output.id);
  }
  return null;
}

/** Validates an edited config before it is sent; returns the problems in words. */
export function validateConfig(text: string): { config?: ProcessConfig; errors: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { errors: [`Not valid JSON: ${(error as Error).message}`] };
  }
  const errors: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { errors: ['The config must be a JSON object.'] };
  const config = value as Partial<ProcessConfig>;
  if (typeof config.id !== 'string' || config.id === '') errors.push('"id" must be a non-empty string.');
  for (const key of ['input', 'output'] as const) {
    const list = config[key];
    if (!Array.isArray(list) || list.length === 0) {
      errors.push(`"${key}" must be a non-empty array.`);
      continue;
    }
    list.forEach((io, index) => {
      if (typeof io?.id !== 'string' || io.id === '') errors.push(`${key}[${index}].id must be a non-empty string.`);
      if (typeof io?.address !== 'string' || io.address === '') errors.push(`${key}[${index}].address must be a non-empty string.`);
      if (io?.options !== undefined && (!Array.isArray(io.options) || io.options.some((option) => typeof option !== 'string')))
        errors.push(`${key}[${index}].options must be an array of strings.`);
    });
  }
  if (config.options !== undefined && (!Array.isArray(config.options) || config.options.some((option) => typeof option !== 'string')))
    errors.push('"options" must be an array of strings.');
  return errors.length > 0 ? { errors } : { config: config as ProcessConfig, errors };
}

function engineOrigin(address: string | undefined): string {
  if (!window.core) return window.location.origin;
  // Inside the app the page is not served by the engine: use its HTTP address on this machine.
  const port = /:(\d+)$/.exec(address ?? '')?.[1] ?? '8080';
  return `http://127.0.0.1:${port}`;
}

export function ChannelPage({ id }: { id: string }) {
  const { processes, config } = useStores();
  const process = useProcesses((state) => state.byId[id]);
  const run = useAction();

  useEffect(() => processes.getState().poll(), [processes]);
  useEffect(() => {
    void run(() => processes.getState().loadDetails(id));
    if (window.core && !config.getState().data) void config.getState().load();
  }, [id, processes, config, run]);

  const state = process?.state;
  const progress = state?.progress;
  return (
    <section aria-labelledby="channel-title">
      <p>
        <a href="#/channels">← All channels</a>
      </p>
      <h1 id="channel-title">{id}</h1>
      {!process && <p role="status">Loading…</p>}
      {process && (
        <>
          <div className="grid-2">
            <Preview playlist={playlistOf(process.config)} />
            <div className="card">
              <h2>State</h2>
              <dl className="facts">
                <dt>State</dt>
                <dd>{stateLabel(process)}</dd>
                <dt>Uptime</dt>
                <dd>{formatDuration(state?.exec === 'running' ? state.runtime_seconds : 0)}</dd>
                <dt>FPS</dt>
                <dd>{progress?.fps.toFixed(1) ?? '–'}</dd>
                <dt>Bitrate</dt>
                <dd>{formatProgressBitrate(progress)}</dd>
                <dt>Speed</dt>
                <dd>{progress ? `${progress.speed.toFixed(2)}×` : '–'}</dd>
                <dt>Dropped frames</dt>
                <dd>{progress?.drop ?? '–'}</dd>
                <dt>CPU</dt>
                <dd>{state ? `${state.cpu_usage.toFixed(1)} %` : '–'}</dd>
                <dt>Memory</dt>
                <dd>{state ? formatBytes(state.memory_bytes) : '–'}</dd>
              </dl>
              {state?.exec === 'failed' && <p className="reason">{failureReason(state.last_logline)}</p>}
              <div className="actions">
                {(['start', 'stop', 'restart'] as const).map((cmd) => (
                  <button key={cmd} type="button" onClick={() => void run(() => processes.getState().command(id, cmd))}>
                    {cmd[0]!.toUpperCase() + cmd.slice(1)}
                  </button>
                ))}
              </div>
            </div>
          </div>
          <Destinations id={id} />
          <ReportView id={id} />
          <div className="grid-2">
            <ProbeView id={id} />
            <MetadataView id={id} />
          </div>
          {process.config && <ConfigEditor id={id} config={process.config} />}
        </>
      )}
    </section>
  );
}

function Preview({ playlist }: { playlist: string | null }) {
  const video = useRef<HTMLVideoElement>(null);
  const { client, config } = useStores();
  const address = config.getState().data?.config.address;
  const [latency, setLatency] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [ready, setReady] = useState<string | null>(null);
  const url = playlist ? engineOrigin(address) + playlist : null;
  const lanOrigin = useLanOrigin();
  const playerUrl = playlist && lanOrigin ? lanOrigin + playlist : null;

  // A new channel writes its first playlist after a few seconds: wait for it in memfs (the file list answers 200
  // either way) instead of letting the player run into 404s.
  useEffect(() => {
    if (!playlist) return;
    if (!playlist.startsWith('/memfs/')) {
      setReady(playlist);
      return;
    }
    let live = true;
    const path = playlist.slice('/memfs'.length);
    const check = async () => {
      try {
        const files = await client.listFiles('mem', path);
        if (live && files.some((file) => file.name === path)) {
          setReady(playlist);
          clearInterval(timer);
        }
      } catch {
        // keep waiting
      }
    };
    const timer = setInterval(() => void check(), 1000);
    void check();
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [playlist, client]);

  useEffect(() => {
    const element = video.current;
    if (!element || !url || ready !== playlist) return;
    setProblem(null);
    if (!Hls.isSupported()) {
      element.src = url;
      return;
    }
    const hls = new Hls({ lowLatencyMode: true, liveSyncDurationCount: 2 });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) setProblem(`Preview stopped: ${data.details}`);
    });
    hls.loadSource(url);
    hls.attachMedia(element);
    const timer = setInterval(() => setLatency(Number.isFinite(hls.latency) ? hls.latency : null), 1000);
    return () => {
      clearInterval(timer);
      hls.destroy();
    };
  }, [url, ready, playlist]);

  return (
    <div className="card">
      <h2>Preview</h2>
      {url ? (
        <>
          <video ref={video} className="preview" controls muted autoPlay playsInline aria-label="Live preview" />
          <p>
            <span>{playlist}</span> · Latency: <output>{latency !== null ? `${latency.toFixed(1)} s` : '–'}</output>
          </p>
          {ready !== playlist && <p role="status">Waiting for the first segments…</p>}
          {problem && <p role="alert" className="error">{problem}</p>}
          {playerUrl && (
            <details>
              <summary>Watch on another device</summary>
              <div className="lan">
                <figure>
                  <QrImage url={playerUrl} label={`QR code for ${playerUrl}`} />
                </figure>
                <CopyField label="Player URL (HLS)" value={playerUrl} />
              </div>
            </details>
          )}
        </>
      ) : (
        <p>This process writes no HLS playlist to memfs.</p>
      )}
    </div>
  );
}

function ReportView({ id }: { id: string }) {
  const { processes } = useStores();
  const report = useProcesses((state) => state.byId[id]?.report);
  const [selected, setSelected] = useState('current');
  const selectId = useId();
  const run = useAction();
  const entries: { key: string; label: string; entry: ProcessReportHistoryEntry }[] = useMemo(() => {
    if (!report) return [];
    return [
      { key: 'current', label: `Current (${formatTime(report.created_at)})`, entry: report },
      ...report.history
        .map((entry, index) => ({ key: String(index), label: `Earlier run ${formatTime(entry.created_at)}`, entry }))
        .reverse(),
    ];
  }, [report]);
  const shown = entries.find((entry) => entry.key === selected)?.entry ?? report;

  return (
    <div className="card">
      <h2>Report and log</h2>
      <div className="toolbar">
        <label htmlFor={selectId}>Run</label>
        <select id={selectId} value={selected} onChange={(event) => setSelected(event.target.value)}>
          {entries.map((entry) => (
            <option key={entry.key} value={entry.key}>
              {entry.label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void run(() => processes.getState().loadReport(id))}>
          Refresh log
        </button>
      </div>
      {shown ? (
        <>
          <h3>Prelude</h3>
          <pre className="log" tabIndex={0} aria-label="FFmpeg prelude">{shown.prelude.join('\n')}</pre>
          <h3>Log</h3>
          <pre className="log" tabIndex={0} aria-label="FFmpeg log">
            {shown.log.map(([ts, line]) => `${new Date(Number(ts) * 1000).toLocaleTimeString()} ${line}`).join('\n')}
          </pre>
        </>
      ) : (
        <p>No report yet.</p>
      )}
    </div>
  );
}

function ConfigEditor({ id, config }: { id: string; config: ProcessConfig }) {
  const { processes } = useStores();
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [text, setText] = useState(() => JSON.stringify(config, null, 2));
  const [errors, setErrors] = useState<string[]>([]);
  const run = useAction();
  const editorId = useId();
  const errorsId = useId();

  /** Both editors end here: the same validation, then PUT; a changed id moves the page to the new id. */
  const save = async (candidate: string) => {
    const result = validateConfig(candidate);
    setErrors(result.errors);
    if (!result.config) return;
    const saved = await run(() => processes.getState().saveConfig(id, result.config!).then(() => true), 'Process config saved.');
    if (saved && result.config.id !== id) window.location.hash = `#/channels/${encodeURIComponent(result.config.id)}`;
  };

  return (
    <div className="card">
      <h2>Process config</h2>
      <div role="radiogroup" aria-label="Edit as" className="segmented">
        {(['form', 'json'] as const).map((value) => (
          <label key={value}>
            <input type="radio" name={`${editorId}-mode`} checked={mode === value} onChange={() => { setMode(value); setErrors([]); }} />
            {value === 'form' ? 'Form' : 'JSON'}
          </label>
        ))}
      </div>
      {mode === 'form' ? (
        <ConfigForm key={JSON.stringify(config)} config={config} errors={errors} onSave={(draft) => void save(JSON.stringify(draft))} />
      ) : (
        <>
          <label htmlFor={editorId}>Process config (JSON)</label>
          <textarea
            id={editorId}
            className="code"
            rows={18}
            spellCheck={false}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-invalid={errors.length > 0}
            aria-describedby={errors.length > 0 ? errorsId : undefined}
          />
          {errors.length > 0 && (
            <ul id={errorsId} role="alert" className="error">
              {errors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={() => void save(text)}>
              Validate and save
            </button>
            <button type="button" onClick={() => { setText(JSON.stringify(config, null, 2)); setErrors([]); }}>
              Revert
            </button>
          </div>
        </>
      )}
    </div>
  );
}
