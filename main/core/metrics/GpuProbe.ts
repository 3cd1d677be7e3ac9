// GPUs as systeminformation reports them, probed in the background and cached: reading never waits for nvidia-smi.
import type { Systeminformation } from 'systeminformation';
import type { GpuUsage } from './SystemSource.js';

const MIB = 1024 * 1024;
const DEFAULT_MAX_AGE_MS = 30_000;

export type GraphicsReader = () => Promise<{ controllers: Systeminformation.GraphicsControllerData[] }>;

export interface GpuProbeOptions {
  /** How long an answer stays fresh; older ones trigger one background refresh on the next read. */
  maxAgeMs?: number;
  now?: () => number;
  /** systeminformation.graphics() unless replaced in tests. */
  read?: GraphicsReader;
}

const finite = (value: number | null | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export function toGpuUsage(controllers: Systeminformation.GraphicsControllerData[]): GpuUsage[] {
  return controllers.map((controller, index) => {
    // nvidia-smi reports MiB in memoryTotal/memoryFree; other platforms only give vram (MB).
    const total = finite(controller.memoryTotal) ?? finite(controller.vram);
    const free = finite(controller.memoryFree) ?? (finite(controller.memoryUsed) !== null && total !== null ? total - controller.memoryUsed! : null);
    return {
      index,
      model: controller.model || controller.name || controller.vendor || '',
      usagePercent: finite(controller.utilizationGpu),
      memoryTotalBytes: total === null ? null : total * MIB,
      memoryFreeBytes: free === null ? null : free * MIB,
    };
  });
}

export class GpuProbe {
  private cached: GpuUsage[] = [];
  private fetchedAt = -Infinity;
  private pending: Promise<void> | null = null;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly read: GraphicsReader;

  constructor(options: GpuProbeOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
    // systeminformation (~0.7 MB of code) loads on the first probe, not with the engine.
    this.read = options.read ?? (async () => (await import('systeminformation')).graphics());
  }

  /** The cached answer; starts a refresh when it is stale and none is running. */
  gpus(): GpuUsage[] {
    if (!this.pending && this.now() - this.fetchedAt >= this.maxAgeMs) this.pending = this.refresh();
    return this.cached;
  }

  /** Resolves when the running refresh (if any) is done; for tests and shutdown. */
  settled(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  private async refresh(): Promise<void> {
    try {
      this.cached = toGpuUsage((await this.read()).controllers);
    } catch {
      // A platform without GPU tooling just has no GPUs to report.
      this.cached = [];
    } finally {
      this.fetchedAt = this.now();
      this.pending = null;
    }
  }
}
