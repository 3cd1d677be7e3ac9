// Shared pieces of the metrics tests: a hand-driven clock and fake system/engine sources with settable numbers.
import type { Clock } from '../../../main/core/process/Clock.js';
import type { EngineSource, FilesystemStats, ProcessStats, SessionStats, StateCounts } from '../../../main/core/metrics/EngineSource.js';
import type { CpuCoreTimes, CpuUsage, DiskUsage, GpuUsage, MemoryUsage, NetworkCounters, SystemSource } from '../../../main/core/metrics/SystemSource.js';

export interface FakeClock extends Clock {
  advance(ms: number): void;
  /** Timers still scheduled. */
  pending(): number;
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let time = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; every: number | null; callback: () => void }>();
  return {
    now: () => time,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      timers.set(id, { at: time + ms, every: null, callback });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    setInterval: (callback, ms) => {
      const id = nextId++;
      timers.set(id, { at: time + ms, every: ms, callback });
      return id;
    },
    clearInterval: (handle) => void timers.delete(handle as number),
    pending: () => timers.size,
    advance(ms) {
      const end = time + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        const [id, timer] = due;
        time = timer.at;
        if (timer.every === null) timers.delete(id);
        else timer.at += timer.every;
        timer.callback();
      }
      time = end;
    },
  };
}

export class FakeSystem implements SystemSource {
  cpuUsage: CpuUsage = { ncpu: 4, logicalCpus: 4, system: 10, user: 20, idle: 65, other: 5 };
  memoryUsage: MemoryUsage = { totalBytes: 8 * 1024 ** 3, freeBytes: 3 * 1024 ** 3 };
  disks: Record<string, DiskUsage> = { '/data': { totalBytes: 100e9, usedBytes: 40e9 } };
  nics: NetworkCounters[] = [
    { interface: 'lo', rxBytes: 1000, txBytes: 1000 },
    { interface: 'eth0', rxBytes: 5_000_000, txBytes: 7_000_000 },
  ];
  cores: CpuCoreTimes[] = [
    { cpu: '0', user: 100.5, system: 50.25, idle: 1000 },
    { cpu: '1', user: 90, system: 40, idle: 1100 },
  ];
  gpuList: GpuUsage[] = [];

  async cpu() {
    return { ...this.cpuUsage };
  }
  async cpuTimes() {
    return this.cores.map((c) => ({ ...c }));
  }
  async memory() {
    return { ...this.memoryUsage };
  }
  async disk(path: string) {
    const usage = this.disks[path];
    if (!usage) throw new Error(`ENOENT: ${path}`);
    return { ...usage };
  }
  async network() {
    return this.nics.map((n) => ({ ...n }));
  }
  gpus() {
    return this.gpuList;
  }
}

export function processStats(id: string, overrides: Partial<ProcessStats> = {}): ProcessStats {
  const io = (ioId: string, index: number, type: string) => ({
    id: ioId,
    address: `rtmp://localhost/live/${id}`,
    index,
    stream: 0,
    type,
    frame: 100,
    fps: 25,
    packet: 120,
    pps: 30,
    size_kb: 10,
    bitrate_kbit: 2,
    q: 28,
    avstream: null,
  });
  return {
    id,
    state: 'running',
    order: 'start',
    progress: {
      frame: 250,
      fps: 25,
      speed: 1,
      q: 28.5,
      size_kb: 1000,
      time: 10.04,
      drop: 0,
      dup: 1,
      packet: 300,
      bitrate_kbit: 3000,
      inputs: [io('in', 0, 'video')],
      outputs: [io('out', 0, 'video')],
    },
    cpuPercent: 12.3456,
    memoryBytes: 50_000_000,
    runtimeSeconds: 42,
    limits: { cpuPercent: 0, memoryBytes: 0 },
    states: { starting: 1, running: 1 },
    ...overrides,
  };
}

export class FakeEngine implements EngineSource {
  uptime = 123.4567;
  fs: FilesystemStats[] = [
    { name: 'diskfs', usedBytes: 1000, limitBytes: 0, files: 3 },
    { name: 'memfs', usedBytes: 2048, limitBytes: 1024 * 1024, files: 5 },
  ];
  procs: ProcessStats[] = [processStats('p1'), processStats('p2', { state: 'failed', order: 'stop' })];
  states: StateCounts = { starting: 3, running: 2, failed: 1, finishing: 1, finished: 1 };
  collectors: SessionStats[] = [
    { name: 'hls', active: 2, total: 10, rxBytes: 100, txBytes: 200_000, rxBitrate: 0, txBitrate: 4_000_000, maxSessions: 50, maxTxBitrate: 100_000_000 },
    { name: 'hlsingress', active: 1, total: 1, rxBytes: 5000, txBytes: 0, rxBitrate: 1_000_000, txBitrate: 0, maxSessions: 0, maxTxBitrate: 0 },
    { name: 'rtmp', active: 1, total: 3, rxBytes: 9000, txBytes: 9000, rxBitrate: 2_000_000, txBitrate: 2_000_000, maxSessions: 0, maxTxBitrate: 0 },
  ];

  uptimeSeconds() {
    return this.uptime;
  }
  filesystems() {
    return this.fs;
  }
  async processes() {
    return this.procs;
  }
  ffmpegStates() {
    return this.states;
  }
  sessions() {
    return this.collectors;
  }
}
