// What the metrics collector reads about the host: CPU, memory, disk, network and GPUs (one implementation per platform).

export interface CpuUsage {
  /** Core's cpu_ncpu: the cgroup's CPU quota when one is set (e.g. 0.5), else the number of logical CPUs. */
  ncpu: number;
  /** The logical CPUs of the machine, whatever the quota. */
  logicalCpus: number;
  /** Percent of the CPU (or of the cgroup's quota) since the previous reading, each 0..100. */
  system: number;
  user: number;
  idle: number;
  other: number;
}

/** Cumulative times of one logical CPU in seconds (the Prometheus cpus_*_time_secs gauges). */
export interface CpuCoreTimes {
  cpu: string;
  user: number;
  system: number;
  idle: number;
}

export interface MemoryUsage {
  /** Physical memory, or the cgroup's memory limit when that is smaller. */
  totalBytes: number;
  /** What is still available to allocate within totalBytes. */
  freeBytes: number;
}

export interface DiskUsage {
  totalBytes: number;
  usedBytes: number;
}

export interface NetworkCounters {
  interface: string;
  rxBytes: number;
  txBytes: number;
}

export interface GpuUsage {
  index: number;
  model: string;
  /** Utilisation 0..100, null where the platform does not report it. */
  usagePercent: number | null;
  memoryTotalBytes: number | null;
  memoryFreeBytes: number | null;
}

export interface SystemSource {
  cpu(): Promise<CpuUsage>;
  cpuTimes(): Promise<CpuCoreTimes[]>;
  memory(): Promise<MemoryUsage>;
  /** Size and usage of the filesystem holding `path`. */
  disk(path: string): Promise<DiskUsage>;
  network(): Promise<NetworkCounters[]>;
  /** The last known GPUs: never waits, refreshes in the background; [] until the first probe answered. */
  gpus(): GpuUsage[];
}
