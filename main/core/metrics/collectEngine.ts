// The engine's metrics (filesystem_*, restream_*, ffmpeg_process, session_*, uptime_uptime) as values, named as Core does.
import type { MetricValue } from './apiShapes.js';
import { PROCESS_STATE_NAMES, type EngineSource, type ProcessIOStats, type ProcessStats, type StateCounts } from './EngineSource.js';

const value = (name: string, number: number, labels: Record<string, string> = {}): MetricValue => ({ name, labels, value: number });
// api.Progress carries kB and kbit; Core's monitor publishes the underlying bytes and bit/s.
const KILO = 1024;

export async function collectFilesystems(engine: EngineSource): Promise<MetricValue[]> {
  return (await engine.filesystems()).flatMap((fs) => [
    value('filesystem_limit', fs.limitBytes > 0 ? fs.limitBytes : -1, { name: fs.name }),
    value('filesystem_usage', fs.usedBytes, { name: fs.name }),
    value('filesystem_files', fs.files, { name: fs.name }),
  ]);
}

function processValues(process: ProcessStats): MetricValue[] {
  const { progress } = process;
  const labels = (name: string) => ({ processid: process.id, state: process.state, order: process.order, name });
  const entries: Array<[string, number]> = [
    ['frame', progress.frame],
    ['fps', progress.fps],
    ['speed', progress.speed],
    ['q', progress.q],
    ['size', progress.size_kb * KILO],
    ['time', progress.time],
    ['drop', progress.drop],
    ['dup', progress.dup],
    ['packet', progress.packet],
    ['bitrate', progress.bitrate_kbit * KILO],
    ['cpu', process.cpuPercent],
    ['memory', process.memoryBytes],
    ['uptime', process.runtimeSeconds],
    ['cpu_limit', process.limits.cpuPercent],
    ['memory_limit', process.limits.memoryBytes],
  ];
  return entries.map(([name, number]) => value('restream_process', number, labels(name)));
}

function stateValues(process: ProcessStats): MetricValue[] {
  return PROCESS_STATE_NAMES.map((state) => value('restream_process_states', process.states[state] ?? 0, { processid: process.id, state }));
}

function ioValues(processId: string, type: 'input' | 'output', io: ProcessIOStats): MetricValue[] {
  const labels = (name: string) => ({
    processid: processId,
    type,
    id: io.id,
    address: io.address,
    index: String(io.index),
    stream: String(io.stream),
    media: io.type,
    name,
  });
  const entries: Array<[string, number]> = [
    ['frame', io.frame],
    ['fps', io.fps],
    ['packet', io.packet],
    ['pps', io.pps],
    ['size', io.size_kb * KILO],
    ['bitrate', io.bitrate_kbit * KILO],
  ];
  if (type === 'output') entries.push(['q', io.q]);
  const av = type === 'input' ? io.avstream : null;
  if (av) {
    entries.push(
      ['avstream_queue', av.queue],
      ['avstream_dup', av.dup],
      ['avstream_drop', av.drop],
      ['avstream_enc', av.enc],
      ['avstream_looping', av.looping ? 1 : 0],
      ['avstream_duplicating', av.duplicating ? 1 : 0],
    );
  }
  return entries.map(([name, number]) => value('restream_io', number, labels(name)));
}

export async function collectRestream(engine: EngineSource): Promise<MetricValue[]> {
  const processes = await engine.processes();
  const summary = new Map<string, number>(PROCESS_STATE_NAMES.map((state) => [state, 0]));
  const values: MetricValue[] = [];
  for (const process of processes) {
    summary.set(process.state, (summary.get(process.state) ?? 0) + 1);
    values.push(...processValues(process), ...stateValues(process));
    for (const input of process.progress.inputs) values.push(...ioValues(process.id, 'input', input));
    for (const output of process.progress.outputs) values.push(...ioValues(process.id, 'output', output));
  }
  for (const [state, count] of summary) values.push(value('restream_state', count, { state }));
  return values;
}

export function collectFfmpeg(engine: EngineSource): MetricValue[] {
  const states: StateCounts = engine.ffmpegStates();
  // Core's order: finished, starting, running, finishing, failed, killed.
  return (['finished', 'starting', 'running', 'finishing', 'failed', 'killed'] as const).map((state) =>
    value('ffmpeg_process', states[state] ?? 0, { state }),
  );
}

export async function collectSessions(engine: EngineSource): Promise<MetricValue[]> {
  return (await engine.sessions()).flatMap((s) => {
    const labels = { collector: s.name };
    return [
      value('session_total', s.total, labels),
      value('session_limit', s.maxSessions, labels),
      value('session_active', s.active, labels),
      value('session_rxbytes', s.rxBytes, labels),
      value('session_txbytes', s.txBytes, labels),
      value('session_rxbitrate', s.rxBitrate, labels),
      value('session_txbitrate', s.txBitrate, labels),
      value('session_maxtxbitrate', s.maxTxBitrate, labels),
      value('session_maxrxbitrate', s.maxRxBitrate ?? 0, labels),
    ];
  });
}

export function collectUptime(engine: EngineSource): MetricValue[] {
  return [value('uptime_uptime', engine.uptimeSeconds())];
}
