// Reads a process's CPU time and resident memory from /proc (Linux); elsewhere reports nothing.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface ProcSample {
  /** user + system CPU time in seconds. */
  cpuSeconds: number;
  rssBytes: number;
}

const CLOCK_TICKS = 100; // USER_HZ is 100 on every Linux platform Node supports.
const PAGE_SIZE = 4096;

/**
 * One read of /proc/<pid>/stat gives both figures. It is synchronous on purpose: procfs answers from memory,
 * and a plain read is far cheaper than a round trip through the thread pool for every process every second.
 */
export function readProcSample(pid: number): ProcSample | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) may contain spaces and parentheses: parse after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const rssPages = Number(fields[21]);
    return { cpuSeconds: (utime + stime) / CLOCK_TICKS, rssBytes: rssPages * PAGE_SIZE };
  } catch {
    return null;
  }
}

export function cpuCount(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}
