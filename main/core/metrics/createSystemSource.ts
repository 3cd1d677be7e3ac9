// The one place that picks the host reader for this platform.
import { GpuProbe } from './GpuProbe.js';
import { LinuxSystemSource } from './LinuxSystemSource.js';
import { PortableSystemSource } from './PortableSystemSource.js';
import type { SystemSource } from './SystemSource.js';

export interface SystemSourceOptions {
  /** Probe GPUs (systeminformation.graphics(), which may run nvidia-smi/lspci in the background). Default false. */
  gpu?: boolean;
  /** Linux only; default /sys/fs/cgroup as in Core. */
  cgroupRoot?: string;
}

export function createSystemSource(options: SystemSourceOptions = {}, platform: NodeJS.Platform = process.platform): SystemSource {
  const gpu = options.gpu ? new GpuProbe() : undefined;
  if (platform === 'linux') return new LinuxSystemSource({ gpu, cgroupRoot: options.cgroupRoot });
  return new PortableSystemSource({ gpu });
}
