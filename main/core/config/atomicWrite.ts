// Crash-safe file replacement: a reader sees the old file or the new one, never a torn write.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { makeDirectorySync } from './directories.js';

/** Writes via a temp file in the same directory, fsyncs it, renames it over `file` and fsyncs the directory. */
export function writeFileAtomic(file: string, data: string, mode = 0o600): void {
  const dir = path.dirname(file);
  makeDirectorySync(dir);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'w', mode);
    try {
      writeFully(fd, Buffer.from(data, 'utf8'));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  syncDirectory(dir);
}

/**
 * write(2) may write less than asked: a disk that fills up mid-file gives a short write, not an error. Without
 * this loop a truncated temp file would be renamed over the good one; the next write reports ENOSPC instead.
 */
function writeFully(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Makes the rename itself durable; directories cannot be opened for fsync on Windows, which is fine there. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
