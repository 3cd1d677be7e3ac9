// The process registry (Core's restream): create, update, delete and command processes, keep db.json in step.
import { makeDirectorySync } from '../config/directories.js';
import type { Filesystem } from '../fs/Filesystem.js';
import type { Logger } from '../log/Logger.js';
import type { ProcessDeps } from '../process/FfmpegProcess.js';
import { ProcessMonitor } from '../process/ProcessMonitor.js';
import type { ProcessStats } from '../metrics/index.js';
import type { SessionCollector } from '../session/index.js';
import { FfmpegSessions } from './FfmpegSessions.js';
import type { Probe, ProcessReport } from '../ffmpeg/types.js';
import path from 'node:path';
import { validateOutputAddress, type AddressRules } from './address.js';
import { CleanupRunner } from './cleanup/CleanupRunner.js';
import { fromStoredConfig, toStoredConfig } from './convert.js';
import { PersistError, ProcessConfigError } from './errors.js';
import { ffversionOnCreate, ffversionOnLoad } from './ffversion.js';
import { mergeProcessConfig, normalizeProcessConfig } from './normalize.js';
import { prepareProcess, type PreparedProcess } from './prepare.js';
import { runProbe } from './probe.js';
import { ProcessTask } from './ProcessTask.js';
import { ListCache } from './ListCache.js';
import type { Templates } from './replace/replace.js';
import { dbPath, load, saveSync } from './store/json-store.js';
import { matchGlob } from '../glob/glob.js';
import type { Metadata, ProcessConfig, ProcessOrder, StoreData, StoredProcess, StoredProcessConfig } from './types.js';
import { processJson, processView, stateView, type ProcessStateView, type ProcessView, type ProcessViewPart } from './views.js';

export interface RestreamOptions {
  dbDir: string;
  binary: string;
  /** FFmpeg's version (from the skills), recorded as `ffversion` of new processes. */
  ffmpegVersion: () => Promise<string>;
  maxProcesses: number;
  logMaxLines: number;
  logMaxHistory: number;
  templates: Templates;
  rules: AddressRules;
  filesystems: ReadonlyMap<string, Filesystem>;
  logger: Logger;
  processDeps?: Omit<ProcessDeps, 'logger' | 'onStateChange'>;
  /** The `ffmpeg` session collector, fed with the processes' network inputs and outputs. */
  sessions?: SessionCollector;
}

export interface ListQuery {
  ids?: string[];
  reference?: string;
  idPattern?: string;
  refPattern?: string;
}

export type Command = 'start' | 'stop' | 'restart' | 'reload';

/** The process does not exist (HTTP 404). */
export class UnknownProcessError extends Error {
  constructor(readonly id: string) {
    super(`unknown process ID: ${id}`);
  }
}

/** A limit stops the command (HTTP 400). */
export class CommandRefusedError extends Error {}

export { PersistError };

const nowSeconds = () => Math.floor(Date.now() / 1000);

export class Restream {
  private readonly tasks = new Map<string, ProcessTask>();
  private systemMetadata: Metadata = null;
  private readonly cleanup: CleanupRunner;
  /** One 1 s tick for every process's resource and stale checks, instead of timers per process. */
  private readonly monitor = new ProcessMonitor();
  private lock: Promise<unknown> = Promise.resolve();
  private sessionTimer: NodeJS.Timeout | null = null;
  private readonly lists = new ListCache();

  private constructor(private readonly options: RestreamOptions) {
    this.cleanup = new CleanupRunner(options.filesystems, options.logger.child('cleanup'));
  }

  /** Loads db.json (a missing file is an empty registry; an unreadable one throws) and prepares every process. */
  static async open(options: RestreamOptions): Promise<Restream> {
    const registry = new Restream(options);
    registry.restore(await load(options.dbDir));
    return registry;
  }

  /** Starts every process whose order is start, and the cleanup loop. */
  start(): void {
    if (this.options.sessions) {
      const tracker = new FfmpegSessions(this.options.sessions);
      this.sessionTimer = setInterval(() => tracker.update(this.tasks.values()), 2000);
      this.sessionTimer.unref();
    }
    for (const task of this.tasks.values()) {
      if (this.pendingStart.has(task.id)) task.process.start();
    }
    this.pendingStart.clear();
    this.cleanup.start();
  }

  /** Stops every process but keeps its order in db.json, so the next start brings it back. */
  async stop(): Promise<void> {
    this.cleanup.stop();
    if (this.sessionTimer) clearInterval(this.sessionTimer);
    await this.exclusive(async () => {
      await Promise.all([...this.tasks.values()].map((task) => task.process.kill(true)));
      // Memory already equals db.json after every write; this save only refreshes it, so a full or read-only
      // disk must not keep the engine from shutting down.
      try {
        this.save(this.snapshot());
      } catch (error) {
        this.options.logger.warn('cannot save the processes while stopping', { error: (error as Error).message });
      }
      for (const task of this.tasks.values()) await this.cleanup.unset(task.id, true);
    });
  }

  // ---- reads ----

  has(id: string): boolean {
    return this.tasks.has(id);
  }

  /** The list as a JSON array (what GET /api/v3/process sends), from cached per-process serialisations. */
  listBody(query: ListQuery, parts: ReadonlySet<ProcessViewPart>): Buffer {
    const now = Date.now();
    const partsKey = [...parts].sort().join(',');
    const key = JSON.stringify([query.ids, query.reference, query.idPattern, query.refPattern, partsKey]);
    const second = parts.has('state') ? Math.floor(now / 1000) : 0;
    return this.lists.body(key, partsKey, this.select(query), second, (task) => processJson(task, parts, now));
  }

  /** Core's filter: patterns first, then intersected with the id list and the reference. */
  private select(query: ListQuery): ProcessTask[] {
    const idMatch = query.idPattern ? matchGlob(query.idPattern) : null;
    const refMatch = query.refPattern ? matchGlob(query.refPattern) : null;
    const ids = query.ids && query.ids.length > 0 ? new Set(query.ids) : null;
    const selected: ProcessTask[] = [];
    for (const task of this.tasks.values()) {
      if (idMatch && !idMatch(task.id)) continue;
      if (refMatch && !refMatch(task.reference)) continue;
      if (ids && !ids.has(task.id)) continue;
      if (query.reference !== undefined && query.reference !== '' && task.reference !== query.reference) continue;
      selected.push(task);
    }
    return selected;
  }

  get(id: string, parts: ReadonlySet<ProcessViewPart>): ProcessView {
    return processView(this.task(id), parts);
  }

  config(id: string): ProcessConfig {
    return fromStoredConfig(this.task(id).stored);
  }

  state(id: string): ProcessStateView {
    return stateView(this.task(id));
  }

  report(id: string): ProcessReport {
    return this.task(id).parser.report();
  }

  probe(id: string): Promise<Probe> {
    return runProbe(this.options.binary, this.task(id).prepared.config);
  }

  /** Every process as the metrics see it (state view, limits, state entry counts). */
  processStats(): ProcessStats[] {
    const now = Date.now();
    return [...this.tasks.values()].map((task) => {
      const state = stateView(task, now);
      const status = task.process.status();
      return {
        id: task.id,
        state: state.exec,
        order: state.order,
        progress: state.progress,
        cpuPercent: state.cpu_usage,
        memoryBytes: state.memory_bytes,
        runtimeSeconds: state.runtime_seconds,
        limits: { cpuPercent: task.stored.limit_cpu_usage, memoryBytes: task.stored.limit_memory_bytes },
        states: status.states,
      };
    });
  }

  /** Counts per state, for metrics and the tray. */
  summary(): { total: number; byState: Record<string, number> } {
    const byState: Record<string, number> = {};
    for (const task of this.tasks.values()) byState[task.process.state] = (byState[task.process.state] ?? 0) + 1;
    return { total: this.tasks.size, byState };
  }

  metadata(id: string, key?: string): unknown {
    const metadata = this.task(id).metadata;
    return key === undefined || key === '' ? metadata : metadata?.[key];
  }

  systemMetadataValue(key?: string): unknown {
    return key === undefined || key === '' ? this.systemMetadata : this.systemMetadata?.[key];
  }

  // ---- writes ----
  // Serialised (one at a time) and write-ahead: each change is saved to db.json first and applied in memory
  // (tasks, children, cleanup rules) only once the save succeeded. A failed save (disk full, read-only) throws
  // PersistError and leaves memory equal to the file, so the API never acknowledges what a restart would lose.

  add(body: unknown): Promise<ProcessConfig> {
    return this.exclusive(async () => {
      const config = normalizeProcessConfig(body);
      if (this.tasks.has(config.id)) throw new ProcessConfigError('process already exists');
      const stored = toStoredConfig(config, ffversionOnCreate(await this.options.ffmpegVersion()));
      const prepared = this.prepare(stored);
      if (config.autostart) this.checkProcessLimit(config.id);
      const now = nowSeconds();
      const task = this.createTask(stored, prepared, now, now, null);
      this.persistChange((data) => putProcess(data, task, config.autostart ? 'start' : 'stop'));
      this.tasks.set(task.id, task);
      this.cleanup.set(task.id, prepared.config);
      if (config.autostart) task.process.start();
      return fromStoredConfig(stored);
    });
  }

  update(id: string, body: unknown): Promise<ProcessConfig> {
    return this.exclusive(async () => {
      const current = this.task(id);
      const config = mergeProcessConfig(fromStoredConfig(current.stored), body);
      if (config.id !== id && this.tasks.has(config.id)) throw new ProcessConfigError('process already exists');
      const stored = toStoredConfig(config, ffversionOnCreate(await this.options.ffmpegVersion()));
      const prepared = this.prepare(stored, id);
      const order = current.order;
      const task = this.createTask(stored, prepared, current.createdAt, nowSeconds(), current.metadata);
      this.persistChange((data) => {
        removeProcess(data, id);
        putProcess(data, task, order);
      });
      await current.process.dispose();
      await this.cleanup.unset(id, true);
      current.parser.transferHistoryTo(task.parser);
      this.tasks.delete(id);
      this.tasks.set(task.id, task);
      this.cleanup.set(task.id, prepared.config);
      if (order === 'start') task.process.start();
      return fromStoredConfig(stored);
    });
  }

  delete(id: string): Promise<void> {
    return this.exclusive(async () => {
      const task = this.task(id);
      this.persistChange((data) => removeProcess(data, id));
      await task.process.dispose();
      await this.cleanup.unset(id, true);
      this.tasks.delete(id);
    });
  }

  command(id: string, command: Command): Promise<void> {
    return this.exclusive(async () => {
      const task = this.task(id);
      switch (command) {
        case 'start':
          if (task.order === 'start') return;
          this.checkProcessLimit(id);
          this.persistChange((data) => setOrder(data, id, 'start'));
          task.process.start();
          return;
        case 'stop':
          this.persistChange((data) => setOrder(data, id, 'stop'));
          await task.process.stop(true);
          return;
        case 'restart':
          await task.process.restart();
          return;
        case 'reload':
          await this.reloadTask(task);
          return;
      }
    });
  }

  setMetadata(id: string, key: string, value: unknown): Promise<unknown> {
    return this.exclusive(async () => {
      const task = this.task(id);
      const metadata = withKey(task.metadata, key, value);
      this.persistChange((data) => {
        data.metadata.process[id] = metadata;
      });
      task.metadata = metadata;
      return value;
    });
  }

  setSystemMetadata(key: string, value: unknown): Promise<unknown> {
    return this.exclusive(async () => {
      const metadata = withKey(this.systemMetadata, key, value);
      this.persistChange((data) => {
        data.metadata.system = metadata;
      });
      this.systemMetadata = metadata;
      return value;
    });
  }

  // ---- internals ----

  private readonly pendingStart = new Set<string>();

  private task(id: string): ProcessTask {
    const task = this.tasks.get(id);
    if (!task) throw new UnknownProcessError(id);
    return task;
  }

  private prepare(stored: StoredProcessConfig, replacing?: string): PreparedProcess {
    const prepared = prepareProcess(stored, {
      templates: this.options.templates,
      rules: this.options.rules,
      lookup: (processId) => (processId === replacing ? undefined : this.tasks.get(processId)?.prepared.config),
    });
    this.createOutputDirectories(prepared);
    return prepared;
  }

  /** FFmpeg does not create directories; recordings into new folders of the disk dir would fail without this. */
  private createOutputDirectories(prepared: PreparedProcess): void {
    for (const output of prepared.config.output) {
      const check = validateOutputAddress(output.address, this.options.rules);
      if (!check.isFile || !check.address.startsWith('file:')) continue;
      try {
        makeDirectorySync(path.dirname(check.address.slice('file:'.length)));
      } catch (error) {
        this.options.logger.warn('cannot create the output directory', { address: output.address, error: (error as Error).message });
      }
    }
  }

  private createTask(stored: StoredProcessConfig, prepared: PreparedProcess, createdAt: number, updatedAt: number, metadata: Metadata): ProcessTask {
    const logger = this.options.logger.child('process', { id: stored.id });
    return new ProcessTask(
      stored,
      prepared,
      createdAt,
      updatedAt,
      { binary: this.options.binary, logMaxLines: this.options.logMaxLines, logMaxHistory: this.options.logMaxHistory },
      { monitor: this.monitor, ...this.options.processDeps, logger },
      metadata,
    );
  }

  private async reloadTask(task: ProcessTask): Promise<void> {
    const prepared = this.prepare(task.stored, task.id);
    const order = task.order;
    // The stored config does not change; Core saves anyway, and so a reload also reports a storage failure.
    this.persistChange(() => undefined);
    await task.process.dispose();
    const fresh = this.createTask(task.stored, prepared, task.createdAt, task.updatedAt, task.metadata);
    task.parser.transferHistoryTo(fresh.parser);
    this.tasks.set(task.id, fresh);
    this.cleanup.set(task.id, prepared.config);
    if (order === 'start') fresh.process.start();
  }

  /** Core counts start orders, not running children: a process waiting to reconnect still counts. */
  private checkProcessLimit(exceptId: string): void {
    const max = this.options.maxProcesses;
    if (max <= 0) return;
    const started = [...this.tasks.values()].filter((task) => task.id !== exceptId && task.order === 'start').length;
    if (started >= max) throw new CommandRefusedError(`the maximum number of running processes (${max}) is reached`);
  }

  private restore(data: StoreData): void {
    const pending = Object.values(data.process);
    // References (#id:output=...) need the referenced process first: retry those that fail until nothing changes.
    let progress = true;
    while (pending.length > 0 && progress) {
      progress = false;
      for (let i = 0; i < pending.length; i++) {
        const entry = pending[i]!;
        const stored = { ...entry.config, ffversion: ffversionOnLoad(entry.config.ffversion) };
        try {
          this.restoreTask(entry, stored, data.metadata.process[entry.id] ?? null);
          pending.splice(i--, 1);
          progress = true;
        } catch {
          // retried in the next pass
        }
      }
    }
    for (const entry of pending) {
      try {
        this.restoreTask(entry, entry.config, data.metadata.process[entry.id] ?? null);
      } catch (error) {
        this.options.logger.error('cannot restore process; it is kept in db.json but not loaded', { id: entry.id, error: (error as Error).message });
      }
    }
    this.systemMetadata = data.metadata.system;
    this.unloaded = pending.filter((entry) => !this.tasks.has(entry.id));
    this.unloadedMetadata = data.metadata.process;
  }

  /** Processes that could not be prepared (e.g. a reference to a deleted process): kept verbatim in db.json. */
  private unloaded: StoredProcess[] = [];
  private unloadedMetadata: Record<string, Metadata> = {};

  private restoreTask(entry: StoredProcess, stored: StoredProcessConfig, metadata: Metadata): void {
    const prepared = this.prepare(stored);
    const task = this.createTask(stored, prepared, entry.created_at, entry.updated_at, metadata);
    this.tasks.set(task.id, task);
    this.cleanup.set(task.id, prepared.config);
    if (entry.order === 'start') this.pendingStart.add(task.id);
  }

  /** The registry as db.json holds it. */
  private snapshot(): StoreData {
    const data: StoreData = { version: 4, process: {}, metadata: { system: this.systemMetadata, process: {} } };
    for (const entry of this.unloaded) {
      data.process[entry.id] = entry;
      data.metadata.process[entry.id] = this.unloadedMetadata[entry.id] ?? null;
    }
    // A task waiting for start() already counts with the order the user gave it.
    for (const task of this.tasks.values()) putProcess(data, task, this.pendingStart.has(task.id) ? 'start' : task.order);
    return data;
  }

  /** Saves the registry with `change` applied to a copy; the caller applies the change in memory afterwards. */
  private persistChange(change: (data: StoreData) => void): void {
    const data = this.snapshot();
    change(data);
    try {
      this.save(data);
    } catch (error) {
      this.options.logger.error('cannot save the processes, the change is refused', { error: (error as Error).message });
      throw error;
    }
  }

  private save(data: StoreData): void {
    try {
      saveSync(this.options.dbDir, data);
    } catch (error) {
      throw new PersistError(dbPath(this.options.dbDir), error);
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

function withKey(metadata: Metadata, key: string, value: unknown): Metadata {
  const next = { ...(metadata ?? {}) };
  if (value === null || value === undefined) delete next[key];
  else next[key] = value;
  return Object.keys(next).length > 0 ? next : null;
}

function putProcess(data: StoreData, task: ProcessTask, order: ProcessOrder): void {
  data.process[task.id] = { ...task.toStored(), order };
  data.metadata.process[task.id] = task.metadata;
}

function removeProcess(data: StoreData, id: string): void {
  delete data.process[id];
  delete data.metadata.process[id];
}

function setOrder(data: StoreData, id: string, order: ProcessOrder): void {
  data.process[id] = { ...data.process[id]!, order };
}
