// <db.dir>/db.json on disk: a missing file is an empty store, writes replace the file atomically.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../config/atomicWrite.js';
import type { StoreData } from '../types.js';
import { decodeStoreData, emptyStoreData, encodeStoreData, StoreError } from './format.js';

export const DB_FILENAME = 'db.json';

export const dbPath = (dir: string) => path.join(dir, DB_FILENAME);

/**
 * Reads `<dir>/db.json`. Missing → empty store. Unreadable, invalid or not version 4 → StoreError (its `data`
 * is the empty store; Core refuses to start). Leftover temp files of an interrupted save are ignored.
 */
export async function load(dir: string): Promise<StoreData> {
  let text: string;
  try {
    text = await readFile(dbPath(dir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyStoreData();
    throw new StoreError(`failed to read ${dbPath(dir)}: ${(err as Error).message}`);
  }
  return decodeStoreData(text);
}

/**
 * Writes `<dir>/db.json` in Core's format via temp file + fsync + rename + directory fsync, so a crash at any
 * moment leaves the old or the new complete file. Synchronous on purpose: two saves can never interleave.
 */
export async function save(dir: string, data: StoreData): Promise<void> {
  saveSync(dir, data);
}

/** The same, for callers that must know the file is on disk before they answer. */
export function saveSync(dir: string, data: StoreData): void {
  writeFileAtomic(dbPath(dir), encodeStoreData(data));
}
