// Renders log events the way datarhei Core does: "console" (logfmt-like, what stderr shows) and "raw" (JSON).
import type { LogEvent } from './LogBuffer.js';

const LEVEL_LABEL: Record<LogEvent['level'], string> = { error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG' };

function quoteIfNeeded(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return '""';
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

export function formatConsole(event: LogEvent): string {
  const parts = [
    `ts=${event.time}`,
    `level=${LEVEL_LABEL[event.level]}`,
    `component=${JSON.stringify(event.component)}`,
    `msg=${JSON.stringify(event.message)}`,
  ];
  for (const [key, value] of Object.entries(event.fields)) parts.push(`${key}=${quoteIfNeeded(value)}`);
  return parts.join(' ');
}

export function formatRaw(event: LogEvent): string {
  return JSON.stringify({
    ts: event.time,
    level: LEVEL_LABEL[event.level],
    component: event.component,
    message: event.message,
    ...event.fields,
  });
}
