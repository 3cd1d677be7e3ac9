// Pure parsers for the Linux /proc files the system source reads: /proc/stat, /proc/meminfo, /proc/net/dev.
import type { CpuTimes } from './cpuPercent.js';
import type { NetworkCounters } from './SystemSource.js';

/** The aggregate "cpu" line of /proc/stat, in clock ticks; null when missing. Guest time is already part of user. */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((entry) => /^cpu\s/.test(entry));
  if (!line) return null;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  if (!Number.isFinite(total)) return null;
  return { total, user, system, idle, other: total - user - system - idle };
}

export interface Meminfo {
  totalBytes: number;
  availableBytes: number;
}

/** MemTotal and MemAvailable (older kernels: MemFree + Buffers + Cached) in bytes; null when MemTotal is missing. */
export function parseMeminfo(text: string): Meminfo | null {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (match) fields.set(match[1]!, Number(match[2]) * (line.trimEnd().endsWith('kB') ? 1024 : 1));
  }
  const total = fields.get('MemTotal');
  if (total === undefined) return null;
  const available =
    fields.get('MemAvailable') ?? (fields.get('MemFree') ?? 0) + (fields.get('Buffers') ?? 0) + (fields.get('Cached') ?? 0);
  return { totalBytes: total, availableBytes: Math.min(available, total) };
}

/** Received and transmitted bytes per interface from /proc/net/dev. */
export function parseNetDev(text: string): NetworkCounters[] {
  const result: NetworkCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.includes('|')) continue;
    const name = line.slice(0, colon).trim();
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (!name || fields.length < 9 || !Number.isFinite(fields[0]) || !Number.isFinite(fields[8])) continue;
    result.push({ interface: name, rxBytes: fields[0]!, txBytes: fields[8]! });
  }
  return result;
}
