// Types of reconnectCycles.mjs for the TypeScript tests.
export const EXITING_FFMPEG: string;

export interface ReconnectCyclesResult {
  cycles: number;
  processes: number;
  seconds: number;
  rssWarmMB: number;
  rssPeakMB: number;
  rssEndMB: number;
  /** Peak RSS after the warm-up minus RSS at the end of the warm-up. */
  rssGrowthMB: number;
  fdBaseline: number;
  fdAfter: number;
  fdDelta: number;
  /** What the descriptors above the baseline point at (empty when none leaked). */
  fdLeaked: string[];
  leakedChildren: number;
  /** exec of every process after the stop. */
  states: string[];
}

export function runReconnectCycles(options: { cycles: number; processes?: number; warmup?: number; timeoutMs?: number; env?: Record<string, string> }): Promise<ReconnectCyclesResult>;
