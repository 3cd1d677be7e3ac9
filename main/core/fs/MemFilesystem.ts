// memfs: files kept as Buffers in memory, with an optional size limit and purging of the oldest files.
import type { Readable } from 'node:stream';
import { matchGlob } from '../glob/glob.js';
import { InsufficientStorageError, type FileInfo, type Filesystem, type FilesystemUsage, type WriteResult } from './Filesystem.js';

interface MemFile {
  data: Buffer;
  lastModified: number;
}

export interface MemLimits {
  /** 0 = no limit. */
  maxBytes: number;
  /** Delete the oldest files to make room instead of refusing writes. */
  purge: boolean;
}

export class MemFilesystem implements Filesystem {
  readonly name = 'mem';
  readonly type = 'mem' as const;
  private readonly files = new Map<string, MemFile>();
  private links = new Map<string, string>();
  private used = 0;
  private limits: MemLimits = { maxBytes: 0, purge: false };

  constructor(private readonly now: () => number = Date.now) {}

  /** Limits change on config reload; the files stay. */
  setLimits(limits: MemLimits): void {
    this.limits = { ...limits };
  }

  async stat(path: string): Promise<FileInfo | null> {
    return this.statSync(path);
  }

  statSync(path: string): FileInfo | null {
    const resolved = this.resolve(path);
    const file = this.files.get(resolved);
    return file ? { name: path, size: file.data.length, lastModified: file.lastModified } : null;
  }

  async read(path: string): Promise<Buffer | null> {
    return this.readSync(path);
  }

  /** The stored Buffer itself (no copy): callers must not modify it. */
  readSync(path: string): Buffer | null {
    return this.files.get(this.resolve(path))?.data ?? null;
  }

  async write(path: string, data: Buffer | Readable): Promise<WriteResult> {
    const buffer = Buffer.isBuffer(data) ? data : await collect(data);
    return this.writeSync(path, buffer);
  }

  writeSync(path: string, data: Buffer): WriteResult {
    this.links.delete(path);
    const previous = this.files.get(path);
    const growth = data.length - (previous?.data.length ?? 0);
    const { maxBytes, purge } = this.limits;
    if (maxBytes > 0) {
      if (data.length > maxBytes) throw new InsufficientStorageError(`file is too big (${data.length} bytes, limit ${maxBytes} bytes)`);
      if (this.used + growth > maxBytes) {
        if (!purge) throw new InsufficientStorageError('not enough space on device');
        this.purgeOldest(this.used + growth - maxBytes, path);
      }
    }
    this.files.set(path, { data, lastModified: this.now() });
    this.used += growth;
    return { created: previous === undefined, size: data.length };
  }

  async remove(path: string): Promise<number | null> {
    if (this.links.delete(path)) return 0;
    const file = this.files.get(path);
    if (!file) return null;
    this.files.delete(path);
    this.used -= file.data.length;
    return file.data.length;
  }

  /** memfs only: makes `path` an alias of `target` (PATCH in the API). */
  link(path: string, target: string): boolean {
    if (!this.files.has(target)) return false;
    this.links.set(path, target);
    return true;
  }

  async list(glob?: string): Promise<FileInfo[]> {
    const matches = glob ? matchGlob(glob, '/') : () => true;
    const result: FileInfo[] = [];
    for (const [name, file] of this.files) {
      if (matches(name)) result.push({ name, size: file.data.length, lastModified: file.lastModified });
    }
    return result;
  }

  async usage(): Promise<FilesystemUsage> {
    return { usedBytes: this.used, limitBytes: this.limits.maxBytes, files: this.files.size };
  }

  clear(): void {
    this.files.clear();
    this.links.clear();
    this.used = 0;
  }

  private resolve(path: string): string {
    return this.links.get(path) ?? path;
  }

  private purgeOldest(bytes: number, keep: string): void {
    const oldest = [...this.files.entries()].filter(([name]) => name !== keep).sort((a, b) => a[1].lastModified - b[1].lastModified);
    let freed = 0;
    for (const [name, file] of oldest) {
      if (freed >= bytes) break;
      this.files.delete(name);
      this.used -= file.data.length;
      freed += file.data.length;
    }
    if (freed < bytes) throw new InsufficientStorageError('not enough space on device');
  }
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
