// debug.force_gc and debug.memory_limit_mbytes, as far as Node allows: periodic or pressure-driven garbage
// collection (Node cannot change its heap limit at run time; start it with --max-old-space-size for a hard cap).
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Logger } from '../log/Logger.js';

let gcFunction: (() => void) | null = null;

/** Node hides gc() unless started with --expose-gc; the flag can be set at run time for a new context. */
function collectGarbage(): void {
  if (!gcFunction) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc') as () => void;
  }
  gcFunction();
}

/**
 * One full collection shortly after the start: loading the config, compiling the API's schemas, parsing the bundle
 * and probing FFmpeg leave a grown heap behind that V8 would otherwise keep while the engine idles (~20 MB).
 */
export function collectAfterStart(delayMs = 3000): void {
  setTimeout(collectGarbage, delayMs).unref();
}

export interface GcSettings {
  /** Seconds between forced collections (0 = off). */
  forceGcSeconds: number;
  /** Soft limit of the engine's heap in MB (0 = off): above it a collection is forced. */
  memoryLimitMbytes: number;
}

/** Returns a function that stops the timers. */
export function startGcControl(settings: GcSettings, logger: Logger): () => void {
  const timers: NodeJS.Timeout[] = [];
  if (settings.forceGcSeconds > 0) {
    timers.push(setInterval(collectGarbage, settings.forceGcSeconds * 1000));
  }
  if (settings.memoryLimitMbytes > 0) {
    const limit = settings.memoryLimitMbytes * 1024 * 1024;
    timers.push(
      setInterval(() => {
        const { heapUsed, external } = process.memoryUsage();
        if (heapUsed + external <= limit) return;
        collectGarbage();
        const after = process.memoryUsage();
        if (after.heapUsed + after.external > limit) {
          logger.warn('memory above debug.memory_limit_mbytes after garbage collection', { used_mbytes: Math.round((after.heapUsed + after.external) / 1048576) });
        }
      }, 5000),
    );
  }
  for (const timer of timers) timer.unref();
  return () => timers.forEach((timer) => clearInterval(timer));
}
