// One supervised FFmpeg child: Core's state machine, order, reconnect, stale timeout, resource limits, stop/kill.
import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../log/Logger.js';
import { systemClock, type Clock } from './Clock.js';
import { LineSplitter } from './LineSplitter.js';
import { cpuCount, readProcSample, type ProcSample } from './procStats.js';
import { ResourceLimiter, type ResourceLimits } from './ResourceLimiter.js';
import { ProcessMonitor, type Monitored } from './ProcessMonitor.js';
import { nodeSpawner, type Spawner } from './Spawner.js';
import { canTransition, exitState, isRunningState, PROCESS_STATES, type Order, type ProcessState } from './states.js';

/** What the supervisor needs from an output parser (the FFmpeg stderr parser implements it). */
export interface OutputSink {
  /** One line of stderr; returns > 0 when it carried progress (used for the stale timeout). */
  line(line: string): number;
  /** A new run starts: the previous run's log becomes history. */
  started(): void;
  /** The child exited: progress goes back to zero. */
  exited(): void;
}

export interface ProcessSettings {
  binary: string;
  args: string[];
  reconnect: boolean;
  reconnectDelaySeconds: number;
  staleTimeoutSeconds: number;
  limits: ResourceLimits;
}

export interface ProcessDeps {
  logger: Logger;
  spawner?: Spawner;
  clock?: Clock;
  sample?: (pid: number) => ProcSample | null;
  /** Shared 1 s tick for resource samples and stale checks; each process gets its own when absent. */
  monitor?: ProcessMonitor;
  /** How long a child may ignore SIGINT before it is killed. */
  killTimeoutMs?: number;
  onStateChange?: (state: ProcessState, previous: ProcessState) => void;
}

export interface ProcessStatus {
  order: Order;
  state: ProcessState;
  /** ms timestamp of the last state change. */
  stateSince: number;
  /** Seconds until the pending reconnect, -1 when none is pending. */
  reconnectSeconds: number;
  cpuPercent: number;
  memoryBytes: number;
  pid: number | null;
  /** How often each state was entered. */
  states: Record<ProcessState, number>;
}

export class FfmpegProcess implements Monitored {
  private currentOrder: Order = 'stop';
  private currentState: ProcessState = 'finished';
  private stateSince: number;
  private child: ChildProcess | null = null;
  private exitWaiters: Array<() => void> = [];
  private reconnectTimer: unknown = null;
  private reconnectAt: number | null = null;
  private killTimer: unknown = null;
  private lastProgressAt = 0;
  private readonly limiter: ResourceLimiter;
  private readonly monitor: ProcessMonitor;
  private readonly sample: (pid: number) => ProcSample | null;
  private readonly clock: Clock;
  private readonly spawner: Spawner;
  private readonly counts = Object.fromEntries(PROCESS_STATES.map((state) => [state, 0])) as Record<ProcessState, number>;
  private disposed = false;
  private changes = 0;

  constructor(
    private settings: ProcessSettings,
    private readonly output: OutputSink,
    private readonly deps: ProcessDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.spawner = deps.spawner ?? nodeSpawner;
    this.stateSince = this.clock.now();
    this.limiter = new ResourceLimiter(settings.limits, cpuCount());
    this.monitor = deps.monitor ?? new ProcessMonitor(this.clock);
    this.sample = deps.sample ?? readProcSample;
  }

  /** Called every second while the child runs: resource usage, limits and the stale timeout. */
  tick(now: number): void {
    this.changes++;
    const pid = this.child?.pid;
    if (!pid || this.currentState !== 'running') return;
    const exceeded = this.limiter.update(this.sample(pid), now);
    if (exceeded) {
      this.deps.logger.warn('resource limit exceeded, stopping', { reason: exceeded });
      void this.kill(false);
      return;
    }
    const stale = this.settings.staleTimeoutSeconds;
    if (stale > 0 && now - this.lastProgressAt >= stale * 1000) {
      this.deps.logger.warn('no progress, stopping stale process', { stale_timeout_seconds: stale });
      void this.kill(false);
    }
  }

  /** Grows whenever status() may have changed (order, state, samples, reconnects). */
  get revision(): number {
    return this.changes;
  }

  get order(): Order {
    return this.currentOrder;
  }

  get state(): ProcessState {
    return this.currentState;
  }

  get isRunning(): boolean {
    return isRunningState(this.currentState);
  }

  /** Sets the order to start and starts the child. Returns false when the order already was start. */
  start(): boolean {
    if (this.disposed || this.currentOrder === 'start') return false;
    this.currentOrder = 'start';
    this.changes++;
    this.run();
    return true;
  }

  /** Sets the order to stop and stops the child (SIGINT, then SIGKILL after the kill timeout). */
  async stop(wait = true): Promise<void> {
    this.currentOrder = 'stop';
    this.changes++;
    this.cancelReconnect();
    await this.terminate(wait);
  }

  /** Stops the child but keeps the order: with order start and reconnect on, it comes back after the delay. */
  async kill(wait = true): Promise<void> {
    await this.terminate(wait);
  }

  /** Stops a running child and starts it again right away; no effect unless running. */
  async restart(): Promise<void> {
    if (!this.isRunning) return;
    await this.terminate(true);
    if (this.currentOrder === 'start' && !this.disposed) {
      this.cancelReconnect();
      this.run();
    }
  }

  status(): ProcessStatus {
    const usage = this.limiter.usage;
    return {
      order: this.currentOrder,
      state: this.currentState,
      stateSince: this.stateSince,
      reconnectSeconds: this.reconnectAt === null ? -1 : Math.max(0, Math.round((this.reconnectAt - this.clock.now()) / 1000)),
      cpuPercent: usage.cpuPercent,
      memoryBytes: usage.memoryBytes,
      pid: this.child?.pid ?? null,
      states: { ...this.counts },
    };
  }

  /** Stops everything for good (process deleted or engine shutting down). */
  async dispose(): Promise<void> {
    await this.stop(true);
    this.disposed = true;
  }

  private run(): void {
    if (this.isRunning || this.disposed) return;
    this.cancelReconnect();
    this.setState('starting');
    this.output.started();
    let child: ChildProcess;
    try {
      child = this.spawner.spawn(this.settings.binary, this.settings.args);
    } catch (error) {
      this.spawnFailed(error as Error);
      return;
    }
    this.child = child;
    const splitter = new LineSplitter((line) => {
      if (this.output.line(line) > 0) this.lastProgressAt = this.clock.now();
    });
    child.stderr?.on('data', (chunk: Buffer) => splitter.push(chunk));
    child.once('spawn', () => {
      if (this.child !== child) return;
      this.setState('running');
      this.lastProgressAt = this.clock.now();
      this.monitor.add(this);
      this.tick(this.lastProgressAt);
    });
    child.once('error', (error) => {
      // 'error' without 'spawn' means the binary could not be executed at all.
      if (this.child === child && this.currentState === 'starting') {
        this.child = null;
        this.spawnFailed(error);
      }
    });
    child.once('close', (code, signal) => {
      splitter.flush();
      if (this.child === child) this.exited(code, signal);
    });
  }

  private spawnFailed(error: Error): void {
    this.deps.logger.error('cannot start ffmpeg', { binary: this.settings.binary, error: error.message });
    this.output.line(`cannot start ${this.settings.binary}: ${error.message}`);
    this.setState('failed');
    this.output.exited();
    this.afterExit();
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.child = null;
    if (this.killTimer !== null) this.clock.clearTimeout(this.killTimer);
    this.killTimer = null;
    this.monitor.delete(this);
    this.limiter.reset();
    const next = exitState(code, signal);
    this.deps.logger.info('ffmpeg exited', { code, signal, state: next });
    this.setState(next);
    this.output.exited();
    const waiters = this.exitWaiters;
    this.exitWaiters = [];
    waiters.forEach((resolve) => resolve());
    this.afterExit();
  }

  private afterExit(): void {
    if (this.currentOrder !== 'start' || !this.settings.reconnect || this.disposed) return;
    const delayMs = Math.max(0, this.settings.reconnectDelaySeconds) * 1000;
    this.reconnectAt = this.clock.now() + delayMs;
    this.changes++;
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = null;
      this.reconnectAt = null;
      if (this.currentOrder === 'start') this.run();
    }, delayMs);
  }

  private async terminate(wait: boolean): Promise<void> {
    const child = this.child;
    if (!child || !this.isRunning) return;
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    if (this.currentState !== 'finishing') {
      this.setState('finishing');
      child.kill('SIGINT');
      this.killTimer = this.clock.setTimeout(() => {
        if (this.child === child) {
          this.deps.logger.warn('ffmpeg ignored SIGINT, killing it');
          child.kill('SIGKILL');
        }
      }, this.deps.killTimeoutMs ?? 5000);
    }
    if (wait) await exited;
  }

  private cancelReconnect(): void {
    if (this.reconnectTimer !== null) this.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.reconnectAt = null;
  }

  private setState(next: ProcessState): void {
    const previous = this.currentState;
    if (previous === next) return;
    if (!canTransition(previous, next)) {
      this.deps.logger.debug('ignored state transition', { from: previous, to: next });
      return;
    }
    this.currentState = next;
    this.changes++;
    this.stateSince = this.clock.now();
    this.counts[next]++;
    this.deps.onStateChange?.(next, previous);
  }
}
