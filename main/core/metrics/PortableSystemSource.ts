// The host on macOS and Windows (no /proc, no cgroups): Node's os module plus systeminformation.
import os from 'node:os';
import { cpuPercent, IDLE_CPU, type CpuPercent, type CpuTimes } from './cpuPercent.js';
import { diskUsage } from './diskUsage.js';
import type { GpuProbe } from './GpuProbe.js';
import { perCpuTimes } from './perCpuTimes.js';
import type { CpuCoreTimes, CpuUsage, DiskUsage, GpuUsage, MemoryUsage, NetworkCounters, SystemSource } from './SystemSource.js';

export interface PortableSystemSourceOptions {
  now?: () => number;
  minCpuWindowMs?: number;
  gpu?: GpuProbe;
}

/** All logical CPUs summed, in ms. */
function machineTimes(): CpuTimes {
  const sum = { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 };
  for (const cpu of os.cpus()) {
    for (const key of Object.keys(sum) as Array<keyof typeof sum>) sum[key] += cpu.times[key];
  }
  const total = sum.user + sum.nice + sum.sys + sum.idle + sum.irq;
  return { total, user: sum.user, system: sum.sys, idle: sum.idle, other: sum.nice + sum.irq };
}

export class PortableSystemSource implements SystemSource {
  private readonly now: () => number;
  private readonly minCpuWindowMs: number;
  private readonly gpu: GpuProbe | undefined;
  private previous: { at: number; times: CpuTimes } | null = null;
  private lastPercent: CpuPercent = { ...IDLE_CPU };

  constructor(options: PortableSystemSourceOptions = {}) {
    this.now = options.now ?? Date.now;
    this.minCpuWindowMs = options.minCpuWindowMs ?? 500;
    this.gpu = options.gpu;
  }

  async cpu(): Promise<CpuUsage> {
    const logicalCpus = os.cpus().length || 1;
    const at = this.now();
    if (!this.previous || at - this.previous.at >= this.minCpuWindowMs) {
      const times = machineTimes();
      this.lastPercent = cpuPercent(this.previous?.times ?? { total: 0, user: 0, system: 0, idle: 0, other: 0 }, times);
      this.previous = { at, times };
    }
    return { ncpu: logicalCpus, logicalCpus, ...this.lastPercent };
  }

  async cpuTimes(): Promise<CpuCoreTimes[]> {
    return perCpuTimes();
  }

  async memory(): Promise<MemoryUsage> {
    try {
      const { mem } = await import('systeminformation'); // loads on first use (~0.7 MB of code)
      const info = await mem();
      return { totalBytes: info.total, freeBytes: info.available };
    } catch {
      return { totalBytes: os.totalmem(), freeBytes: os.freemem() };
    }
  }

  disk(target: string): Promise<DiskUsage> {
    return diskUsage(target);
  }

  async network(): Promise<NetworkCounters[]> {
    try {
      const { networkStats } = await import('systeminformation');
      const stats = await networkStats('*');
      return stats.map((entry) => ({ interface: entry.iface, rxBytes: entry.rx_bytes, txBytes: entry.tx_bytes }));
    } catch {
      return [];
    }
  }

  gpus(): GpuUsage[] {
    return this.gpu?.gpus() ?? [];
  }
}
