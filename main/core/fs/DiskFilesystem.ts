// diskfs: files under storage.disk.dir; every path is resolved inside that root (no "..", no symlinks out).
import { createReadStream } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rename, rm, stat, open } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { matchGlob } from '../glob/glob.js';
import { cleanPath, InsufficientStorageError, type FileInfo, type Filesystem, type FilesystemUsage, type WriteResult } from './Filesystem.js';

export class DiskFilesystem implements Filesystem {
  readonly name = 'disk';
  readonly type = 'disk' as const;

  private constructor(
    /** The real (symlink-free) path of storage.disk.dir. */
    readonly root: string,
    private readonly maxBytes: number,
  ) {}

  /** Creates the directory when missing. */
  static async open(root: string, maxBytes = 0): Promise<DiskFilesystem> {
    await mkdir(root, { recursive: true });
    return new DiskFilesystem(await realpath(root), maxBytes);
  }

  /** The absolute path on disk for a filesystem path, or null when it would leave the root. */
  async locate(filePath: string): Promise<string | null> {
    const clean = cleanPath(filePath);
    if (clean === null) return null;
    const full = path.join(this.root, clean);
    // Symlinks may point anywhere; follow them and check the real location.
    const real = await realpath(full).catch(() => null);
    if (real === null) {
      const parent = await realpath(path.dirname(full)).catch(() => null);
      return parent === null || this.inside(parent) ? full : null;
    }
    return this.inside(real) ? full : null;
  }

  async stat(filePath: string): Promise<FileInfo | null> {
    const full = await this.locate(filePath);
    if (!full) return null;
    const info = await stat(full).catch(() => null);
    if (!info || !info.isFile()) return null;
    return { name: cleanPath(filePath)!, size: info.size, lastModified: info.mtimeMs };
  }

  async read(filePath: string): Promise<Readable | null> {
    const full = await this.locate(filePath);
    if (!full || !(await stat(full).catch(() => null))?.isFile()) return null;
    return createReadStream(full);
  }

  async write(filePath: string, data: Buffer | Readable): Promise<WriteResult> {
    const full = await this.locate(filePath);
    const clean = cleanPath(filePath);
    if (!full || clean === null || clean === '/') throw new Error(`invalid path '${filePath}'`);
    const previous = await stat(full).catch(() => null);
    if (this.maxBytes > 0 && Buffer.isBuffer(data)) {
      const { usedBytes } = await this.usage();
      if (usedBytes - (previous?.size ?? 0) + data.length > this.maxBytes) throw new InsufficientStorageError('not enough space on device');
    }
    await mkdir(path.dirname(full), { recursive: true });
    // Write beside the target and rename, so readers never see a half-written file.
    const temp = `${full}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'w');
    try {
      if (Buffer.isBuffer(data)) await handle.writeFile(data);
      else await pipeline(data, handle.createWriteStream({ autoClose: false }));
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temp, full);
    const written = await stat(full);
    return { created: previous === null, size: written.size };
  }

  async remove(filePath: string): Promise<number | null> {
    const full = await this.locate(filePath);
    if (!full) return null;
    const info = await lstat(full).catch(() => null);
    if (!info || info.isDirectory()) return null;
    await rm(full, { force: true });
    return info.size;
  }

  async list(glob?: string): Promise<FileInfo[]> {
    const matches = glob ? matchGlob(glob, '/') : () => true;
    const result: FileInfo[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const name = `${prefix}/${entry.name}`;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full, name);
        else if (entry.isFile() && matches(name)) {
          const info = await stat(full).catch(() => null);
          if (info) result.push({ name, size: info.size, lastModified: info.mtimeMs });
        }
      }
    };
    await walk(this.root, '');
    return result;
  }

  async usage(): Promise<FilesystemUsage> {
    const files = await this.list();
    return { usedBytes: files.reduce((sum, file) => sum + file.size, 0), limitBytes: this.maxBytes, files: files.length };
  }

  private inside(real: string): boolean {
    return real === this.root || real.startsWith(this.root.endsWith(path.sep) ? this.root : this.root + path.sep);
  }
}
