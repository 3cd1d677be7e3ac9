// A collector's history: totals of closed sessions keyed "location:peer:reference", in Core's persisted JSON format.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../config/atomicWrite.js';

/** One history entry, field names as in Core's <db.dir>/sessions/<collector>.json. */
export interface HistoryTotals {
  location: string;
  peer: string;
  reference: string;
  total_sessions: number;
  total_rxbytes: number;
  total_txbytes: number;
}

export interface HistoryFile {
  sessions: Record<string, HistoryTotals>;
}

export function historyKey(location: string, peer: string, reference: string): string {
  return `${location}:${peer}:${reference}`;
}

export function historyPath(dbDir: string, collector: string): string {
  return path.join(dbDir, 'sessions', `${collector}.json`);
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Reads a history file; null when there is none yet. Throws when the file is not valid JSON. */
export function readHistory(file: string): HistoryFile | null {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const data = JSON.parse(raw) as { sessions?: unknown };
  const sessions: Record<string, HistoryTotals> = {};
  if (data && typeof data.sessions === 'object' && data.sessions !== null) {
    for (const [key, value] of Object.entries(data.sessions as Record<string, Record<string, unknown>>)) {
      if (!value || typeof value !== 'object') continue;
      sessions[key] = {
        location: text(value.location),
        peer: text(value.peer),
        reference: text(value.reference),
        total_sessions: count(value.total_sessions),
        total_rxbytes: count(value.total_rxbytes),
        total_txbytes: count(value.total_txbytes),
      };
    }
  }
  return { sessions };
}

/** Writes atomically (temp file + rename), indented like Go's json.MarshalIndent(…, "", "    "). */
export function writeHistory(file: string, history: HistoryFile): void {
  writeFileAtomic(file, JSON.stringify(history, null, 4), 0o644);
}
