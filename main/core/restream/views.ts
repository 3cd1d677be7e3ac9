// Renders a registered process as the API's api.Process, api.ProcessState and api.ProcessReport.
import type { Progress, ProcessReport, ProgressIO } from '../ffmpeg/types.js';
import { fromStoredConfig } from './convert.js';
import type { ProcessTask } from './ProcessTask.js';
import type { ProcessConfig, StoredProcessConfigIO } from './types.js';

export interface ProcessStateView {
  order: string;
  exec: string;
  runtime_seconds: number;
  reconnect_seconds: number;
  last_logline: string;
  progress: Progress;
  memory_bytes: number;
  cpu_usage: number;
  command: string[];
}

export interface ProcessView {
  id: string;
  type: 'ffmpeg';
  reference: string;
  created_at: number;
  updated_at: number;
  config?: ProcessConfig;
  state?: ProcessStateView;
  report?: ProcessReport;
  metadata?: unknown;
}

export type ProcessViewPart = 'config' | 'state' | 'report' | 'metadata';
export const ALL_PARTS: readonly ProcessViewPart[] = ['config', 'state', 'report', 'metadata'];

/** The parser knows streams by file index; the API names them by the config's input/output ids. */
function withIds(entries: ProgressIO[], ios: StoredProcessConfigIO[]): ProgressIO[] {
  return entries.map((entry) => {
    const named: ProgressIO = { ...entry, id: ios[entry.index]?.id ?? entry.id };
    // Core writes `avstream: null` for non-playout inputs, which its own contract (an object) does not allow.
    if (named.avstream === null) delete (named as Partial<ProgressIO>).avstream;
    return named;
  });
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

export function stateView(task: ProcessTask, now = Date.now()): ProcessStateView {
  const status = task.process.status();
  const progress = task.parser.progress();
  return {
    order: status.order,
    exec: status.state,
    runtime_seconds: Math.max(0, Math.floor((now - status.stateSince) / 1000)),
    reconnect_seconds: status.reconnectSeconds,
    last_logline: task.parser.lastLogline(),
    progress: {
      ...progress,
      inputs: withIds(progress.inputs, task.prepared.config.input),
      outputs: withIds(progress.outputs, task.prepared.config.output),
    },
    memory_bytes: Math.round(status.memoryBytes),
    cpu_usage: round3(status.cpuPercent),
    command: [...task.prepared.command],
  };
}

export function processView(task: ProcessTask, parts: ReadonlySet<ProcessViewPart>): ProcessView {
  const view: ProcessView = {
    id: task.id,
    type: 'ffmpeg',
    reference: task.reference,
    created_at: task.createdAt,
    updated_at: task.updatedAt,
  };
  if (parts.has('config')) view.config = fromStoredConfig(task.stored);
  if (parts.has('state')) view.state = stateView(task);
  if (parts.has('report')) view.report = task.parser.report();
  if (parts.has('metadata')) view.metadata = task.metadata;
  return view;
}

/** `?filter=config,state` → the parts to include; empty or absent → all. Unknown names are ignored like Core. */
export function parseFilter(filter: string | undefined): Set<ProcessViewPart> {
  const wanted = (filter ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part): part is ProcessViewPart => (ALL_PARTS as readonly string[]).includes(part));
  return new Set(wanted.length > 0 ? wanted : ALL_PARTS);
}

/** The same as JSON.stringify(processView(...)), built from the task's cached serialisations. */
export function processJson(task: ProcessTask, parts: ReadonlySet<ProcessViewPart>, now = Date.now()): string {
  let json = `{"id":${JSON.stringify(task.id)},"type":"ffmpeg","reference":${JSON.stringify(task.reference)},"created_at":${task.createdAt},"updated_at":${task.updatedAt}`;
  if (parts.has('config')) json += `,"config":${task.configJson()}`;
  if (parts.has('state')) json += `,"state":${task.stateJson(now, () => stateView(task, now))}`;
  if (parts.has('report')) json += `,"report":${task.reportJson()}`;
  if (parts.has('metadata')) json += `,"metadata":${task.metadataJson()}`;
  return json + '}';
}
