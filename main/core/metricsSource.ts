// The engine as the metrics collector sees it: filesystems, processes, FFmpeg state entries, sessions, uptime.
import type { EngineSource, StateCounts } from './metrics/index.js';
import { filesystemMetricName, PROCESS_STATE_NAMES } from './metrics/index.js';
import type { Filesystem } from './fs/Filesystem.js';
import type { Restream } from './restream/Restream.js';
import type { SessionRegistry } from './session/index.js';

export function engineMetricsSource(parts: {
  startedAt: Date;
  filesystems: ReadonlyMap<string, Filesystem>;
  restream: () => Restream | null;
  sessions: SessionRegistry;
}): EngineSource {
  return {
    uptimeSeconds: () => (Date.now() - parts.startedAt.getTime()) / 1000,
    filesystems: async () =>
      Promise.all(
        [...parts.filesystems.values()].map(async (filesystem) => {
          const usage = await filesystem.usage();
          return { name: filesystemMetricName(filesystem), usedBytes: usage.usedBytes, limitBytes: usage.limitBytes, files: usage.files };
        }),
      ),
    processes: () => parts.restream()?.processStats() ?? [],
    ffmpegStates: () => {
      const totals: StateCounts = {};
      for (const process of parts.restream()?.processStats() ?? []) {
        for (const state of PROCESS_STATE_NAMES) totals[state] = (totals[state] ?? 0) + (process.states[state] ?? 0);
      }
      return totals;
    },
    sessions: () => parts.sessions.names().map((name) => ({ name, ...parts.sessions.collector(name).stats() })),
  };
}
