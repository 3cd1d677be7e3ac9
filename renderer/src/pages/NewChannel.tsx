// The "New channel" wizard (#/new): source → encoding → outputs → review, then creates the ingest, one egress
// process per destination and the optional recording, and opens the channel page.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../api/ApiError.js';
import type { ConfigData, HardwareEncoder, ProbeStream, Skills, SkillsDevice } from '../api/types.js';
import { channelHref } from '../components/route.js';
import { CopyField } from '../components/CopyField.js';
import { StreamTable } from '../components/StreamTable.js';
import { useStores } from '../store/index.js';
import {
  BITRATES,
  buildProbe,
  buildProcesses,
  commandLine,
  channelProblem,
  defaultState,
  DEVICE_DEMUXERS,
  destinationProblem,
  FRAMERATES,
  ingestId,
  networkUrlProblem,
  RESOLUTIONS,
  rtmpPublish,
  SERVICES,
  srtPublish,
  type Destination,
  type Service,
  type SourceKind,
  type WizardState,
} from '../wizard/build.js';

const STEPS = ['Source', 'Encoding', 'Outputs', 'Review'];

interface Device extends SkillsDevice {
  demuxer: string;
}

type CreateStatus = 'waiting' | 'creating' | 'created' | 'failed';

function randomChannel(): string {
  return 'channel-' + Math.random().toString(36).slice(2, 6);
}

export function NewChannel({ poll = 1000 }: { poll?: number }) {
  const { client } = useStores();
  const [state, setState] = useState<WizardState>(() => defaultState(randomChannel()));
  const [step, setStep] = useState(0);
  const [config, setConfig] = useState<ConfigData | undefined>();
  const [skills, setSkills] = useState<Skills | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [received, setReceived] = useState(false);
  const [probe, setProbe] = useState<{ running: boolean; streams: ProbeStream[] | null; error: string | null }>({ running: false, streams: null, error: null });
  const [showErrors, setShowErrors] = useState(false);
  const [progress, setProgress] = useState<Record<string, { status: CreateStatus; error?: string }>>({});
  const [creating, setCreating] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const nextN = useRef(1);

  useEffect(() => {
    let live = true;
    client.config().then(
      (value) => live && setConfig(value.config),
      (error: unknown) => live && setLoadError(errorMessage(error)),
    );
    client.skills().then(
      (value) => live && setSkills(value),
      () => live && setSkills({ ffmpeg: { version: '' } }),
    );
    return () => {
      live = false;
    };
  }, [client]);

  const pageHost = typeof window === 'undefined' ? 'localhost' : window.location.hostname;
  const rtmp = rtmpPublish(config, pageHost, state.channel);
  const srt = srtPublish(config, pageHost, state.channel);

  // Wait for the publisher: poll /api/v3/rtmp or /api/v3/srt while the source step shows RTMP/SRT.
  const watching = step === 0 && ((state.source === 'rtmp' && rtmp.enabled) || (state.source === 'srt' && srt.enabled)) && !channelProblem(state.channel);
  useEffect(() => {
    setReceived(false);
    if (!watching) return;
    let live = true;
    const check = async () => {
      try {
        const found =
          state.source === 'rtmp'
            ? (await client.rtmpChannels()).some((entry) => entry.name === rtmp.channelName)
            : Object.keys((await client.srtChannels()).publisher ?? {}).includes(state.channel);
        if (live) setReceived(found);
      } catch {
        if (live) setReceived(false);
      }
    };
    void check();
    const timer = setInterval(() => void check(), poll);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [watching, state.source, state.channel, rtmp.channelName, client, poll]);

  const devices: Device[] = useMemo(
    () =>
      (skills?.devices?.demuxers ?? [])
        .filter((demuxer) => DEVICE_DEMUXERS.includes(demuxer.id))
        .flatMap((demuxer) => demuxer.devices.map((device) => ({ ...device, demuxer: demuxer.id }))),
    [skills],
  );
  const hardware: HardwareEncoder[] = (skills?.hardware_encoders ?? []).filter((encoder) => encoder.works && encoder.codec === 'h264');
  const encoders = [...hardware.map((encoder) => encoder.id), 'libx264'];

  const update = (patch: Partial<WizardState>) => setState((previous) => ({ ...previous, ...patch }));
  const setSource = (source: SourceKind) => {
    setProbe({ running: false, streams: null, error: null });
    // Raw capture devices must be encoded; pushed and network streams are usually fine to pass through.
    setState((previous) => ({ ...previous, source, encoding: { ...previous.encoding, mode: source === 'device' ? 'h264' : 'copy' } }));
  };
  const setDestination = (n: number, patch: Partial<Destination>) =>
    setState((previous) => ({ ...previous, destinations: previous.destinations.map((entry) => (entry.n === n ? { ...entry, ...patch } : entry)) }));

  const stepProblems = (index: number): string[] => {
    const problems: string[] = [];
    if (index === 0) {
      const channel = channelProblem(state.channel);
      if (channel) problems.push(channel);
      if (state.source === 'rtmp' && config && !rtmp.enabled) problems.push('The RTMP server is disabled: enable rtmp.enable in Settings.');
      if (state.source === 'srt' && config && !srt.enabled) problems.push('The SRT server is disabled: enable srt.enable in Settings.');
      if (state.source === 'network') {
        const url = networkUrlProblem(state.networkUrl);
        if (url) problems.push(url);
        else if (!probe.streams) problems.push('Probe the URL to see its streams before going on.');
      }
      if (state.source === 'device' && !state.device) problems.push('Choose a capture device.');
    }
    if (index === 2) {
      state.destinations.forEach((destination, position) => {
        const problem = destinationProblem(destination);
        if (problem) problems.push(`Destination ${position + 1}: ${problem}`);
      });
    }
    return problems;
  };

  const go = (target: number) => {
    setShowErrors(false);
    setStep(target);
    requestAnimationFrame(() => heading.current?.focus());
  };

  const runProbe = async () => {
    const body = buildProbe(state);
    setProbe({ running: true, streams: null, error: null });
    try {
      await client.deleteProcess(body.id).catch(() => undefined);
      await client.createProcess(body);
      try {
        const result = await client.probe(body.id);
        if (result.streams.length === 0) {
          const last = result.log.filter((line) => line.trim() !== '').at(-1);
          setProbe({ running: false, streams: null, error: `No streams found${last ? `: ${last}` : '.'}` });
        } else setProbe({ running: false, streams: result.streams, error: null });
      } finally {
        await client.deleteProcess(body.id).catch(() => undefined);
      }
    } catch (error) {
      setProbe({ running: false, streams: null, error: errorMessage(error) });
    }
  };

  const bodies = useMemo(() => buildProcesses(state), [state]);

  const create = async () => {
    setCreating(true);
    setProgress(Object.fromEntries(bodies.map((body) => [body.id, { status: 'waiting' as CreateStatus }])));
    for (const body of bodies) {
      setProgress((previous) => ({ ...previous, [body.id]: { status: 'creating' } }));
      try {
        await client.createProcess(body);
        setProgress((previous) => ({ ...previous, [body.id]: { status: 'created' } }));
      } catch (error) {
        setProgress((previous) => ({ ...previous, [body.id]: { status: 'failed', error: errorMessage(error) } }));
        setCreating(false);
        return;
      }
    }
    window.location.hash = channelHref(ingestId(state.channel));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (creating) return;
    const problems = stepProblems(step);
    if (problems.length > 0) {
      setShowErrors(true);
      return;
    }
    if (step < STEPS.length - 1) go(step + 1);
    else void create();
  };

  const problems = stepProblems(step);
  const errorsId = useId();

  return (
    <section aria-labelledby="wizard-title" className="wizard">
      <p>
        <a href="#/channels">← All channels</a>
      </p>
      <h1 id="wizard-title">New channel</h1>
      <ol className="steps" aria-label="Steps">
        {STEPS.map((name, index) => (
          <li key={name} aria-current={index === step ? 'step' : undefined} className={index === step ? 'current' : undefined}>
            {index + 1}. {name}
          </li>
        ))}
      </ol>
      {loadError && <p role="alert" className="error">Cannot read the engine config: {loadError}</p>}
      <form onSubmit={submit} noValidate aria-labelledby="step-title" className="card">
        <h2 id="step-title" ref={heading} tabIndex={-1}>
          Step {step + 1} of {STEPS.length}: {STEPS[step]}
        </h2>
        {step === 0 && (
          <SourceStep
            state={state}
            update={update}
            setSource={setSource}
            rtmp={rtmp}
            srt={srt}
            configLoaded={config !== undefined}
            received={received}
            devices={devices}
            skillsLoaded={skills !== null}
            probe={probe}
            runProbe={() => void runProbe()}
          />
        )}
        {step === 1 && <EncodingStep state={state} update={update} encoders={encoders} hardware={hardware.map((encoder) => encoder.id)} />}
        {step === 2 && <OutputsStep state={state} update={update} setDestination={setDestination} nextN={nextN} />}
        {step === 3 && <ReviewStep state={state} bodies={bodies} progress={progress} />}
        {showErrors && problems.length > 0 && (
          <ul id={errorsId} role="alert" className="error">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        <div className="actions wizard-nav">
          {step > 0 && (
            <button type="button" onClick={() => go(step - 1)} disabled={creating}>
              Back
            </button>
          )}
          <button type="submit" className="primary" disabled={creating} aria-describedby={showErrors && problems.length > 0 ? errorsId : undefined}>
            {step < STEPS.length - 1 ? 'Next' : creating ? 'Creating…' : 'Create channel'}
          </button>
        </div>
      </form>
    </section>
  );
}

function Radio({ name, value, checked, onChange, disabled, children }: { name: string; value: string; checked: boolean; onChange: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <label className="radio">
      <input type="radio" name={name} value={value} checked={checked} onChange={onChange} disabled={disabled} />
      {children}
    </label>
  );
}

function SourceStep(props: {
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
  setSource: (source: SourceKind) => void;
  rtmp: ReturnType<typeof rtmpPublish>;
  srt: ReturnType<typeof srtPublish>;
  configLoaded: boolean;
  received: boolean;
  devices: Device[];
  skillsLoaded: boolean;
  probe: { running: boolean; streams: ProbeStream[] | null; error: string | null };
  runProbe: () => void;
}) {
  const { state, update, setSource, rtmp, srt, received, devices, probe } = props;
  const nameId = useId();
  const nameHint = useId();
  const urlId = useId();
  const deviceId = useId();
  const waiting = (
    <p role="status" className={received ? 'ok' : 'notice'}>
      {received ? '● Receiving the stream. You can go on.' : '○ Waiting for the stream… (start your encoder with the values above)'}
    </p>
  );
  return (
    <>
      <div className="field">
        <label htmlFor={nameId}>Channel name</label>
        <input id={nameId} value={state.channel} onChange={(event) => update({ channel: event.target.value.trim().toLowerCase() })} aria-describedby={nameHint} required />
        <span id={nameHint} className="hint">
          Used in the stream key, the process ids and the preview address.
        </span>
      </div>
      <fieldset>
        <legend>Where does the video come from?</legend>
        <Radio name="source" value="rtmp" checked={state.source === 'rtmp'} onChange={() => setSource('rtmp')}>
          RTMP publish (OBS, vMix, a hardware encoder pushes to this appliance)
        </Radio>
        <Radio name="source" value="srt" checked={state.source === 'srt'} onChange={() => setSource('srt')}>
          SRT publish
        </Radio>
        <Radio name="source" value="network" checked={state.source === 'network'} onChange={() => setSource('network')}>
          Network URL (HTTP/HLS, RTSP camera, RTMP, SRT, UDP)
        </Radio>
        <Radio name="source" value="device" checked={state.source === 'device'} onChange={() => setSource('device')}>
          Capture device on this machine
        </Radio>
      </fieldset>
      {state.source === 'rtmp' && (
        <div className="source-detail">
          <h3>Publish with RTMP</h3>
          {!props.configLoaded ? (
            <p role="status">Reading the RTMP settings…</p>
          ) : !rtmp.enabled ? (
            <p className="error">The RTMP server is disabled. Enable it under Settings (rtmp.enable), then come back.</p>
          ) : (
            <>
              <CopyField label="Server URL" value={rtmp.server} />
              <CopyField label="Stream key" value={rtmp.key} />
              {waiting}
            </>
          )}
        </div>
      )}
      {state.source === 'srt' && (
        <div className="source-detail">
          <h3>Publish with SRT</h3>
          {!props.configLoaded ? (
            <p role="status">Reading the SRT settings…</p>
          ) : !srt.enabled ? (
            <p className="error">The SRT server is disabled. Enable it under Settings (srt.enable), then come back.</p>
          ) : (
            <>
              <CopyField label="SRT URL" value={srt.url} />
              {srt.passphrase ? <CopyField label="Passphrase" value={srt.passphrase} /> : <p>No passphrase is set (srt.passphrase).</p>}
              {waiting}
            </>
          )}
        </div>
      )}
      {state.source === 'network' && (
        <div className="source-detail">
          <h3>Pull from a network address</h3>
          <div className="field">
            <label htmlFor={urlId}>Stream URL</label>
            <div className="copy-row">
              <input id={urlId} type="url" className="mono" placeholder="rtsp://camera.local/stream1" value={state.networkUrl} onChange={(event) => update({ networkUrl: event.target.value })} />
              <button type="button" onClick={props.runProbe} disabled={probe.running || networkUrlProblem(state.networkUrl) !== null}>
                {probe.running ? 'Probing…' : 'Probe'}
              </button>
            </div>
          </div>
          {probe.running && <p role="status">Asking FFmpeg what the URL carries…</p>}
          {probe.error && <p role="alert" className="error">{probe.error}</p>}
          {probe.streams && <StreamTable streams={probe.streams} />}
        </div>
      )}
      {state.source === 'device' && (
        <div className="source-detail">
          <h3>Capture device</h3>
          {!props.skillsLoaded ? (
            <p role="status">Looking for devices…</p>
          ) : devices.length === 0 ? (
            <p>No capture devices found.</p>
          ) : (
            <div className="field">
              <label htmlFor={deviceId}>Device</label>
              <select
                id={deviceId}
                value={state.device ? `${state.device.demuxer}|${state.device.device}` : ''}
                onChange={(event) => {
                  const [demuxer = '', ...rest] = event.target.value.split('|');
                  update({ device: event.target.value ? { demuxer, device: rest.join('|') } : null });
                }}
              >
                <option value="">Choose…</option>
                {devices.map((device) => (
                  <option key={`${device.demuxer}|${device.id}`} value={`${device.demuxer}|${device.id}`}>
                    {device.name} ({device.demuxer}: {device.id})
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      )}
    </>
  );
}

function Select<T extends string | number>({ label, value, options, onChange }: { label: string; value: T; options: { value: T; label: string }[]; onChange: (value: T) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={String(value)}
        onChange={(event) => {
          const picked = options.find((option) => String(option.value) === event.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function EncodingStep({ state, update, encoders, hardware }: { state: WizardState; update: (patch: Partial<WizardState>) => void; encoders: string[]; hardware: string[] }) {
  const encoding = state.encoding;
  const set = (patch: Partial<WizardState['encoding']>) => update({ encoding: { ...encoding, ...patch } });
  return (
    <>
      <fieldset>
        <legend>Video and audio</legend>
        <Radio name="encoding" value="copy" checked={encoding.mode === 'copy'} onChange={() => set({ mode: 'copy' })} disabled={state.source === 'device'}>
          Pass-through (copy): no re-encoding, lowest CPU and latency
        </Radio>
        <Radio name="encoding" value="h264" checked={encoding.mode === 'h264'} onChange={() => set({ mode: 'h264', encoder: encoders[0] ?? 'libx264' })}>
          Encode to H.264 video and AAC audio
        </Radio>
      </fieldset>
      {state.source === 'device' && <p className="hint">A capture device delivers raw video, so it must be encoded.</p>}
      {encoding.mode === 'h264' && (
        <div className="grid-fields">
          <Select
            label="H.264 encoder"
            value={encoding.encoder}
            options={encoders.map((id) => ({ value: id, label: hardware.includes(id) ? `${id} (hardware)` : `${id} (software)` }))}
            onChange={(encoder) => set({ encoder })}
          />
          <Select label="Resolution" value={encoding.resolution} options={RESOLUTIONS.map((value) => ({ value, label: value === 'source' ? 'Same as source' : value.replace('x', '×') }))} onChange={(resolution) => set({ resolution })} />
          <Select label="Video bitrate" value={encoding.bitrateKbit} options={BITRATES.map((value) => ({ value, label: `${value} kbit/s` }))} onChange={(bitrateKbit) => set({ bitrateKbit })} />
          <Select label="Frame rate" value={encoding.framerate} options={FRAMERATES.map((value) => ({ value, label: value === 0 ? 'Same as source' : `${value} fps` }))} onChange={(framerate) => set({ framerate })} />
          <p className="hint">Audio: AAC 128 kbit/s, 44.1 kHz.</p>
        </div>
      )}
    </>
  );
}

function OutputsStep({
  state,
  update,
  setDestination,
  nextN,
}: {
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
  setDestination: (n: number, patch: Partial<Destination>) => void;
  nextN: { current: number };
}) {
  const recordId = useId();
  const add = () => {
    const n = Math.max(nextN.current, ...state.destinations.map((entry) => entry.n + 1));
    nextN.current = n + 1;
    update({ destinations: [...state.destinations, { n, service: 'youtube', key: '', url: '' }] });
    requestAnimationFrame(() => document.getElementById(`destination-${n}-service`)?.focus());
  };
  return (
    <>
      <h3>Preview</h3>
      <p>
        An HLS preview is always written to memory: <code>/memfs/{state.channel}.m3u8</code>.
      </p>
      <h3>Destinations</h3>
      {state.destinations.length === 0 && <p>No destinations yet. Each destination runs as its own process, so one failing never stops the others.</p>}
      {state.destinations.map((destination, position) => (
        <fieldset key={destination.n} className="destination">
          <legend>Destination {position + 1}</legend>
          <div className="field">
            <label htmlFor={`destination-${destination.n}-service`}>Service</label>
            <select id={`destination-${destination.n}-service`} value={destination.service} onChange={(event) => setDestination(destination.n, { service: event.target.value as Service })}>
              {SERVICES.map((service) => (
                <option key={service.id} value={service.id}>
                  {service.label}
                </option>
              ))}
            </select>
          </div>
          {destination.service === 'custom' ? (
            <div className="field">
              <label htmlFor={`destination-${destination.n}-url`}>URL</label>
              <input id={`destination-${destination.n}-url`} className="mono" placeholder="rtmp://server/app/key" value={destination.url} onChange={(event) => setDestination(destination.n, { url: event.target.value })} />
            </div>
          ) : (
            <div className="field">
              <label htmlFor={`destination-${destination.n}-key`}>Stream key</label>
              <input id={`destination-${destination.n}-key`} className="mono" autoComplete="off" value={destination.key} onChange={(event) => setDestination(destination.n, { key: event.target.value })} />
            </div>
          )}
          <button type="button" onClick={() => update({ destinations: state.destinations.filter((entry) => entry.n !== destination.n) })} aria-label={`Remove destination ${position + 1}`}>
            Remove
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" onClick={add}>
          Add destination
        </button>
      </p>
      <h3>Recording</h3>
      <div className="field field-check">
        <input id={recordId} type="checkbox" checked={state.recording.enabled} onChange={(event) => update({ recording: { ...state.recording, enabled: event.target.checked } })} />
        <label htmlFor={recordId}>Record to disk (recordings/{state.channel}/)</label>
      </div>
      {state.recording.enabled && (
        <div className="grid-fields">
          <Select
            label="Segment length"
            value={state.recording.segmentSeconds}
            options={[60, 300, 600, 1800, 3600].map((value) => ({ value, label: value < 3600 ? `${value / 60} min` : '1 h' }))}
            onChange={(segmentSeconds) => update({ recording: { ...state.recording, segmentSeconds } })}
          />
          <Select
            label="Keep recordings for"
            value={state.recording.retentionDays}
            options={[1, 7, 30, 90].map((value) => ({ value, label: `${value} day${value > 1 ? 's' : ''}` }))}
            onChange={(retentionDays) => update({ recording: { ...state.recording, retentionDays } })}
          />
        </div>
      )}
    </>
  );
}

function ReviewStep({ state, bodies, progress }: { state: WizardState; bodies: ReturnType<typeof buildProcesses>; progress: Record<string, { status: CreateStatus; error?: string }> }) {
  const source = { rtmp: 'RTMP publish', srt: 'SRT publish', network: state.networkUrl, device: state.device ? `${state.device.demuxer} ${state.device.device}` : '' }[state.source];
  return (
    <>
      <dl className="facts">
        <dt>Channel</dt>
        <dd>{state.channel}</dd>
        <dt>Source</dt>
        <dd>{source}</dd>
        <dt>Encoding</dt>
        <dd>{state.encoding.mode === 'copy' ? 'Pass-through (copy)' : `H.264 (${state.encoding.encoder}), ${state.encoding.resolution}, ${state.encoding.bitrateKbit} kbit/s + AAC`}</dd>
        <dt>Destinations</dt>
        <dd>{state.destinations.length}</dd>
        <dt>Recording</dt>
        <dd>{state.recording.enabled ? 'on' : 'off'}</dd>
      </dl>
      <h3>Processes</h3>
      <ul className="create-list" aria-live="polite">
        {bodies.map((body) => {
          const entry = progress[body.id];
          return (
            <li key={body.id}>
              <code>{body.id}</code>
              {entry && <span className={`badge badge-${entry.status}`}>{entry.status}</span>}
              {entry?.error && (
                <p role="alert" className="error">
                  {entry.error}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <details>
        <summary>FFmpeg commands (for experts)</summary>
        <pre className="log" tabIndex={0} aria-label="FFmpeg commands">
          {bodies.map((body) => `# ${body.id}\n${commandLine(body)}`).join('\n\n')}
        </pre>
      </details>
      <details>
        <summary>FFmpeg process bodies (JSON, for experts)</summary>
        <pre className="log" tabIndex={0} aria-label="Process bodies as JSON">
          {JSON.stringify(bodies, null, 2)}
        </pre>
      </details>
    </>
  );
}
