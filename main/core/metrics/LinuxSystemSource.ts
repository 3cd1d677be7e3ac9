// The host on Linux: /proc for CPU, memory and network, the cgroup for quotas (as Core's psutil), statfs for disks.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readCgroup } from './cgroup.js';
import { cgroupCpuPercent, cpuPercent, IDLE_CPU, type CpuPercent, type CpuTimes } from './cpuPercent.js';
import { diskUsage } from './diskUsage.js';
import type { GpuProbe } from './GpuProbe.js';
import { parseMeminfo, parseNetDev, parseProcStat } from './procfs.js';
import type { CpuCoreTimes, CpuUsage, DiskUsage, GpuUsage, MemoryUsage, NetworkCounters, SystemSource } from './SystemSource.js';
import { perCpuTimes } from './perCpuTimes.js';

export interface LinuxSystemSourceOptions {
  procRoot?: string;
  cgroupRoot?: string;
  now?: () => number;
  /** Reads closer together than this reuse the last percentages, so a query between two samples keeps a real window. */
  minCpuWindowMs?: number;
  /** Without one, gpus() is always empty. */
  gpu?: GpuProbe;
}

interface CpuReading {
  at: number;
  /** Present in cgroup mode (a CPU quota is set). */
  cgroupUsageNs: number | null;
  limitNsPerSec: number;
  times: CpuTimes | null;
}

const ZERO_TIMES: CpuTimes = { total: 0, user: 0, system: 0, idle: 0, other: 0 };

export class LinuxSystemSource implements SystemSource {
  private readonly procRoot: string;
  private readonly cgroupRoot: string;
  private readonly now: () => number;
  private readonly minCpuWindowMs: number;
  private readonly gpu: GpuProbe | undefined;
  private previous: CpuReading | null = null;
  private lastPercent: CpuPercent = { ...IDLE_CPU };

  constructor(options: LinuxSystemSourceOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.cgroupRoot = options.cgroupRoot ?? '/sys/fs/cgroup';
    this.now = options.now ?? Date.now;
    this.minCpuWindowMs = options.minCpuWindowMs ?? 500;
    this.gpu = options.gpu;
  }

  async cpu(): Promise<CpuUsage> {
    const cgroup = await readCgroup(this.cgroupRoot);
    const logicalCpus = os.cpus().length || 1;
    const ncpu = cgroup.cpuLimitCpus > 0 ? cgroup.cpuLimitCpus : logicalCpus;
    const at = this.now();
    if (!this.previous || at - this.previous.at >= this.minCpuWindowMs) {
      const quota = cgroup.cpuLimitNsPerSec > 0 && cgroup.cpuUsageNs !== null;
      const reading: CpuReading = {
        at,
        cgroupUsageNs: quota ? cgroup.cpuUsageNs : null,
        limitNsPerSec: cgroup.cpuLimitNsPerSec,
        times: quota ? null : parseProcStat(await this.readProc('stat')),
      };
      this.lastPercent = this.percentSince(this.previous, reading);
      this.previous = reading;
    }
    return { ncpu, logicalCpus, ...this.lastPercent };
  }

  private percentSince(previous: CpuReading | null, current: CpuReading): CpuPercent {
    if (current.cgroupUsageNs !== null) {
      if (previous?.cgroupUsageNs == null) return { ...IDLE_CPU };
      return cgroupCpuPercent(previous.cgroupUsageNs, current.cgroupUsageNs, current.limitNsPerSec, current.at - previous.at);
    }
    if (!current.times) return { ...IDLE_CPU };
    // The first reading has no predecessor: report the average since boot rather than nothing.
    return cpuPercent(previous?.times ?? ZERO_TIMES, current.times);
  }

  async cpuTimes(): Promise<CpuCoreTimes[]> {
    return perCpuTimes();
  }

  async memory(): Promise<MemoryUsage> {
    const meminfo = parseMeminfo(await this.readProc('meminfo'));
    const physical = meminfo ?? { totalBytes: os.totalmem(), availableBytes: os.freemem() };
    const cgroup = await readCgroup(this.cgroupRoot);
    const limit = cgroup.memoryLimitBytes;
    const used = cgroup.memoryUsedBytes;
    // An unlimited cgroup shows a huge limit; like Core, only a limit below the physical memory counts.
    if (limit !== null && used !== null && limit <= BigInt(Math.floor(physical.totalBytes))) {
      const total = Number(limit);
      return { totalBytes: total, freeBytes: Math.max(0, total - Number(used)) };
    }
    return { totalBytes: physical.totalBytes, freeBytes: physical.availableBytes };
  }

  disk(target: string): Promise<DiskUsage> {
    return diskUsage(target);
  }

  async network(): Promise<NetworkCounters[]> {
    return parseNetDev(await this.readProc('net/dev'));
  }

  gpus(): GpuUsage[] {
    return this.gpu?.gpus() ?? [];
  }

  private async readProc(file: string): Promise<string> {
    try {
      return await readFile(path.join(this.procRoot, file), 'utf8');
    } catch {
      return '';
    }
  }
}
