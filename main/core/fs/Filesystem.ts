// The one interface behind memfs, diskfs and S3 mounts: files by absolute path, sizes, listing, limits.
import type { Readable } from 'node:stream';

export interface FileInfo {
  /** Absolute path inside the filesystem, e.g. "/live/stream.m3u8". */
  name: string;
  size: number;
  /** ms since epoch. */
  lastModified: number;
}

export interface WriteResult {
  /** True when the file did not exist before. */
  created: boolean;
  size: number;
}

export interface FilesystemUsage {
  usedBytes: number;
  /** 0 = no limit. */
  limitBytes: number;
  files: number;
}

export type FilesystemType = 'mem' | 'disk' | 's3';

export interface Filesystem {
  /** The API name ("mem", "disk" or the S3 storage's name). */
  readonly name: string;
  readonly type: FilesystemType;
  stat(path: string): Promise<FileInfo | null>;
  /** The whole file; null when missing. */
  read(path: string): Promise<Buffer | Readable | null>;
  write(path: string, data: Buffer | Readable): Promise<WriteResult>;
  /** Returns the freed size, or null when the file did not exist. */
  remove(path: string): Promise<number | null>;
  /** Files whose name matches the glob (all files without one). */
  list(glob?: string): Promise<FileInfo[]>;
  usage(): Promise<FilesystemUsage>;
}

/** A write refused because the filesystem is full (HTTP 507). */
export class InsufficientStorageError extends Error {}

/** Normalises a client path to an absolute, clean path; null when it tries to leave the root. */
export function cleanPath(input: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(input);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const parts: string[] = [];
  for (const part of decoded.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return '/' + parts.join('/');
}
