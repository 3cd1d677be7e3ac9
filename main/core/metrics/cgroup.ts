// Reads a cgroup (v1 or v2) below a root directory: CPU quota and usage, memory limit and usage, as Core's psutil does.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';

export type CgroupVersion = 0 | 1 | 2;

export interface CgroupInfo {
  /** 0 = no cgroup files under the root. */
  version: CgroupVersion;
  /** Allowed CPU time in nanoseconds per second of wall time; 0 = no limit. */
  cpuLimitNsPerSec: number;
  /** The quota in CPUs (quota / period), e.g. 0.3; 0 = no limit. */
  cpuLimitCpus: number;
  /** CPU time the cgroup used so far in nanoseconds; null when unreadable. */
  cpuUsageNs: number | null;
  /** The memory limit; null when unreadable. Unlimited shows as a huge number (v2 "max" = 2^64-1). */
  memoryLimitBytes: bigint | null;
  memoryUsedBytes: bigint | null;
}

const CGROUP1_FILES = ['cpu/cpu.cfs_quota_us', 'cpu/cpu.cfs_period_us', 'cpuacct/cpuacct.usage', 'memory/memory.limit_in_bytes', 'memory/memory.usage_in_bytes'];
const CGROUP2_FILES = ['cpu.max', 'cpu.stat', 'memory.max', 'memory.current'];
const MAX_UINT64 = 2n ** 64n - 1n;

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** The file's first line, trimmed; null when it cannot be read. */
async function firstLine(root: string, file: string): Promise<string | null> {
  try {
    return (await readFile(path.join(root, file), 'utf8')).split('\n')[0]!.trim();
  } catch {
    return null;
  }
}

async function anyExists(root: string, files: readonly string[]): Promise<boolean> {
  for (const file of files) if (await exists(path.join(root, file))) return true;
  return false;
}

/** Core checks v1's files first: a hybrid host with both layouts counts as v1. */
export async function detectCgroupVersion(root: string): Promise<CgroupVersion> {
  if (!(await exists(root))) return 0;
  if (await anyExists(root, CGROUP1_FILES)) return 1;
  if (await anyExists(root, CGROUP2_FILES)) return 2;
  return 0;
}

function number(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function unsigned(text: string | null): bigint | null {
  if (text === null || !/^\d+$/.test(text)) return null;
  const value = BigInt(text);
  return value <= MAX_UINT64 ? value : null;
}

/** Core: quota and period in microseconds → allowed nanoseconds per second (truncated like Go's uint64 cast). */
function cpuLimit(quota: number | null, period: number | null): { ns: number; cpus: number } {
  if (quota === null || period === null || quota <= 0 || period <= 0) return { ns: 0, cpus: 0 };
  return { ns: Math.trunc((1e6 / period) * quota) * 1e3, cpus: quota / period };
}

async function readV1(root: string): Promise<Omit<CgroupInfo, 'version'>> {
  const quota = number(await firstLine(root, 'cpu/cpu.cfs_quota_us'));
  const period = quota !== null && quota > 0 ? number(await firstLine(root, 'cpu/cpu.cfs_period_us')) : null;
  const limit = cpuLimit(quota, period);
  return {
    cpuLimitNsPerSec: limit.ns,
    cpuLimitCpus: limit.cpus,
    cpuUsageNs: number(await firstLine(root, 'cpuacct/cpuacct.usage')),
    memoryLimitBytes: unsigned(await firstLine(root, 'memory/memory.limit_in_bytes')),
    memoryUsedBytes: unsigned(await firstLine(root, 'memory/memory.usage_in_bytes')),
  };
}

async function readV2(root: string): Promise<Omit<CgroupInfo, 'version'>> {
  const max = await firstLine(root, 'cpu.max');
  const fields = max === null || max.startsWith('max') ? [] : max.split(' ');
  const limit = fields.length === 2 ? cpuLimit(number(fields[0]), number(fields[1])) : { ns: 0, cpus: 0 };
  const usageLine = await firstLine(root, 'cpu.stat');
  const usageMatch = usageLine === null ? null : /^usage_usec\s+(\d+)/.exec(usageLine);
  const usageUsec = usageMatch ? number(usageMatch[1]) : null;
  const memoryMax = await firstLine(root, 'memory.max');
  return {
    cpuLimitNsPerSec: limit.ns,
    cpuLimitCpus: limit.cpus,
    cpuUsageNs: usageUsec === null ? null : usageUsec * 1e3,
    // Core treats anything that is not a number ("max") as unlimited.
    memoryLimitBytes: memoryMax === null ? null : (unsigned(memoryMax) ?? MAX_UINT64),
    memoryUsedBytes: unsigned(await firstLine(root, 'memory.current')),
  };
}

/** Everything Core's psutil reads from the cgroup mounted at `root` (normally /sys/fs/cgroup). */
export async function readCgroup(root: string): Promise<CgroupInfo> {
  const version = await detectCgroupVersion(root);
  if (version === 1) return { version, ...(await readV1(root)) };
  if (version === 2) return { version, ...(await readV2(root)) };
  return { version, cpuLimitNsPerSec: 0, cpuLimitCpus: 0, cpuUsageNs: null, memoryLimitBytes: null, memoryUsedBytes: null };
}
