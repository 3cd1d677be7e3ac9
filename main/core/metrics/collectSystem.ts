// The host's metrics (cpu_*, mem_*, disk_*, net_*, gpu_*) as values, read from a SystemSource.
import type { MetricValue } from './apiShapes.js';
import type { SystemSource } from './SystemSource.js';

const value = (name: string, number: number, labels: Record<string, string> = {}): MetricValue => ({ name, labels, value: number });

export async function collectCpu(system: SystemSource): Promise<MetricValue[]> {
  const cpu = await system.cpu();
  return [
    value('cpu_ncpu', cpu.ncpu),
    value('cpu_system', cpu.system),
    value('cpu_user', cpu.user),
    value('cpu_idle', cpu.idle),
    value('cpu_other', cpu.other),
  ];
}

export async function collectMemory(system: SystemSource): Promise<MetricValue[]> {
  const memory = await system.memory();
  return [value('mem_total', memory.totalBytes), value('mem_free', memory.freeBytes)];
}

/** A path that cannot be measured (gone, no permission) is left out rather than failing the others. */
export async function collectDisks(system: SystemSource, paths: readonly string[]): Promise<MetricValue[]> {
  const usages = await Promise.all(paths.map((path) => system.disk(path).catch(() => null)));
  return usages.flatMap((usage, index) =>
    usage
      ? [value('disk_total', usage.totalBytes, { path: paths[index]! }), value('disk_usage', usage.usedBytes, { path: paths[index]! })]
      : [],
  );
}

export async function collectNetwork(system: SystemSource): Promise<MetricValue[]> {
  return (await system.network()).flatMap((nic) => [
    value('net_rx', nic.rxBytes, { interface: nic.interface }),
    value('net_tx', nic.txBytes, { interface: nic.interface }),
  ]);
}

/** Only what the platform reports: a GPU without utilisation figures just has no gpu_usage. */
export function collectGpus(system: SystemSource): MetricValue[] {
  const gpus = system.gpus();
  const values = [value('gpu_ngpu', gpus.length)];
  for (const gpu of gpus) {
    const index = { index: String(gpu.index) };
    if (gpu.usagePercent !== null) values.push(value('gpu_usage', gpu.usagePercent, index));
    if (gpu.memoryTotalBytes !== null) values.push(value('gpu_mem_total', gpu.memoryTotalBytes, index));
    if (gpu.memoryFreeBytes !== null) values.push(value('gpu_mem_free', gpu.memoryFreeBytes, index));
  }
  return values;
}
