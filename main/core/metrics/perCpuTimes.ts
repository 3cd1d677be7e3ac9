// Cumulative user/system/idle seconds per logical CPU, from Node's os.cpus() (which reads /proc/stat on Linux).
import os from 'node:os';
import type { CpuCoreTimes } from './SystemSource.js';

export function perCpuTimes(): CpuCoreTimes[] {
  return os.cpus().map((cpu, index) => ({
    cpu: String(index),
    user: cpu.times.user / 1000,
    system: cpu.times.sys / 1000,
    idle: cpu.times.idle / 1000,
  }));
}
