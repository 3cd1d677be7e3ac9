// Routes node-media-server's console logger (a process-wide singleton) into the engine's Logger of the connection
// whose bytes are being parsed, so NMS never writes to the console and its lines obey the engine's log level.
import nmsLogger from 'node-media-server/src/core/logger.js';
import type { Logger } from '../log/Logger.js';

let current: Logger | undefined;

// NMS only logs synchronously while parsing (AMF decoder complaints, unknown commands); those are reactions to
// client input, so they are debug lines of that connection. Anything logged outside a parse call is dropped.
nmsLogger.level = 'trace';
nmsLogger.log = (message: unknown, level = 'info') => {
  current?.debug(String(message), { source: 'node-media-server', nms_level: level });
};

/** Runs `fn` with NMS's log lines going to `logger`. */
export function withNmsLogger<T>(logger: Logger, fn: () => T): T {
  const previous = current;
  current = logger;
  try {
    return fn();
  } finally {
    current = previous;
  }
}
