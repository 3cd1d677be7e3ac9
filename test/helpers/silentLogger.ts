// A logger that records what it was told, for tests that check what the engine logged.
import type { Logger } from '../../main/core/log/Logger.js';

export interface RecordingLogger extends Logger {
  entries: Array<{ level: string; message: string; fields?: Record<string, unknown> }>;
}

export function recordingLogger(): RecordingLogger {
  const entries: RecordingLogger['entries'] = [];
  const make = (): RecordingLogger => ({
    entries,
    error: (message, fields) => entries.push({ level: 'error', message, fields }),
    warn: (message, fields) => entries.push({ level: 'warn', message, fields }),
    info: (message, fields) => entries.push({ level: 'info', message, fields }),
    debug: (message, fields) => entries.push({ level: 'debug', message, fields }),
    child: () => make(),
  });
  return make();
}
