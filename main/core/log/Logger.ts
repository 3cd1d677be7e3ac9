// The engine's structured logger: pino underneath, one child per component ("topic" in Core's words),
// every event kept in a ring buffer for GET /api/v3/log and printed to stderr in Core's console format.
import { pino, type Logger as PinoLogger } from 'pino';
import { LogBuffer, type LogEvent, type LogLevelName } from './LogBuffer.js';
import { formatConsole, formatRaw } from './format.js';

export type ConfigLogLevel = 'silent' | LogLevelName;

export interface LogSettings {
  level: ConfigLogLevel;
  /** Components to log; empty = all. */
  topics: string[];
  maxLines: number;
}

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  /** A logger for a sub-component; `fields` are added to every event (e.g. the process id). */
  child(component: string, fields?: Record<string, unknown>): Logger;
}

export interface ConsoleSink {
  write(line: string): unknown;
}

const PINO_LEVEL_NAME: Record<number, LogLevelName> = { 60: 'error', 50: 'error', 40: 'warn', 30: 'info', 20: 'debug', 10: 'debug' };

// Secrets must never reach stderr or /api/v3/log, whatever a caller passes as fields.
const REDACTED_KEYS = ['password', 'secret', 'token', 'access_token', 'refresh_token', 'authorization', 'passphrase'];

export class LogHub {
  private readonly buffer: LogBuffer;
  private readonly root: PinoLogger;
  private topics = new Set<string>();

  constructor(
    settings: LogSettings,
    private readonly console: ConsoleSink = process.stderr,
  ) {
    this.buffer = new LogBuffer(settings.maxLines);
    const destination = { write: (line: string) => this.accept(line) };
    this.root = pino(
      {
        level: 'debug',
        base: null,
        timestamp: pino.stdTimeFunctions.isoTime,
        redact: { paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]), censor: '***' },
      },
      destination,
    );
    this.configure(settings);
  }

  configure(settings: LogSettings): void {
    this.root.level = settings.level === 'silent' ? 'silent' : settings.level;
    this.topics = new Set(settings.topics.map((topic) => topic.toLowerCase()));
    this.buffer.resize(settings.maxLines);
  }

  logger(component: string): Logger {
    return wrap(this.root.child({ component }));
  }

  /** The kept events, oldest first, as Core renders them for `?format=console|raw`. */
  lines(format: 'console' | 'raw'): string[] {
    const render = format === 'raw' ? formatRaw : formatConsole;
    return this.buffer.list().map(render);
  }

  private accept(line: string): void {
    const record = JSON.parse(line) as Record<string, unknown>;
    const { level, time, msg, component, ...fields } = record;
    const event: LogEvent = {
      time: String(time),
      level: PINO_LEVEL_NAME[Number(level)] ?? 'info',
      component: typeof component === 'string' ? component : 'core',
      message: typeof msg === 'string' ? msg : '',
      fields,
    };
    if (this.topics.size > 0 && !this.topics.has(event.component.toLowerCase())) return;
    this.buffer.push(event);
    this.console.write(formatConsole(event) + '\n');
  }
}

function wrap(target: PinoLogger): Logger {
  return {
    error: (message, fields) => target.error(fields ?? {}, message),
    warn: (message, fields) => target.warn(fields ?? {}, message),
    info: (message, fields) => target.info(fields ?? {}, message),
    debug: (message, fields) => target.debug(fields ?? {}, message),
    child: (component, fields) => wrap(target.child({ ...fields, component })),
  };
}
