// Turns two readings of CPU time into Core's cpu_system/user/idle/other percentages.

/** Cumulative CPU time in any one unit (ticks, ms, ns); `other` is everything but user, system and idle. */
export interface CpuTimes {
  total: number;
  user: number;
  system: number;
  idle: number;
  other: number;
}

export interface CpuPercent {
  system: number;
  user: number;
  idle: number;
  other: number;
}

export const IDLE_CPU: CpuPercent = { system: 0, user: 0, idle: 100, other: 0 };

const clampPercent = (value: number) => (Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0);

/** Percentages of the machine's CPU time between two readings; all idle when no time passed. */
export function cpuPercent(previous: CpuTimes, current: CpuTimes): CpuPercent {
  const total = current.total - previous.total;
  if (!(total > 0)) return { ...IDLE_CPU };
  const share = (key: keyof CpuTimes) => clampPercent((100 * (current[key] - previous[key])) / total);
  return { system: share('system'), user: share('user'), idle: share('idle'), other: share('other') };
}

/**
 * Core's cgroup mode (a CPU quota is set): the cgroup's whole usage counts as "system", measured against the
 * quota over the elapsed time, and the rest of the quota is idle.
 */
export function cgroupCpuPercent(previousUsageNs: number, currentUsageNs: number, limitNsPerSec: number, elapsedMs: number): CpuPercent {
  const allowed = limitNsPerSec * (elapsedMs / 1000);
  if (!(allowed > 0)) return { ...IDLE_CPU };
  const system = clampPercent((100 * (currentUsageNs - previousUsageNs)) / allowed);
  return { system, user: 0, idle: 100 - system, other: 0 };
}
