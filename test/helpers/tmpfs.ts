// Small tmpfs mounts for storage-fault tests: a full disk and a read-only data directory, made for real.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function run(args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: 'pipe' });
}

/**
 * Why mounting is not possible here (not root, no CAP_SYS_ADMIN, not Linux), or null when it is.
 * Tests skip with this reason instead of failing on machines that cannot mount.
 */
export function mountUnavailable(): string | null {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  const probe = mkdtempSync(path.join(os.tmpdir(), 'tmpfs-probe-'));
  try {
    run(['mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
    run(['umount', probe]);
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `cannot mount a tmpfs (needs root with CAP_SYS_ADMIN): ${stderr || (error as Error).message}`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** A tmpfs of a given size on a fresh temp directory; unmount() in afterAll/finally. */
export class Tmpfs {
  readonly dir: string;
  private mounted = false;

  constructor(sizeKiB: number) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'tmpfs-'));
    run(['mount', '-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', this.dir]);
    this.mounted = true;
  }

  readOnly(): void {
    run(['mount', '-o', 'remount,ro', this.dir]);
  }

  readWrite(): void {
    run(['mount', '-o', 'remount,rw', this.dir]);
  }

  resize(sizeKiB: number): void {
    run(['mount', '-o', `remount,size=${sizeKiB}k`, this.dir]);
  }

  /** Writes `file` until the filesystem is full (every last byte: partial writes are followed to ENOSPC). */
  fill(file: string): number {
    const fd = openSync(path.join(this.dir, file), 'w');
    const chunk = Buffer.alloc(64 * 1024, 0x55);
    let written = 0;
    try {
      for (;;) written += writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      closeSync(fd);
    }
    return written;
  }

  /** Idempotent: safe in afterAll even when a test failed half-way. */
  unmount(): void {
    if (this.mounted) {
      // A read-only remount can still be unmounted; lazy (-l) so a stray open file cannot keep it busy.
      run(['umount', '-l', this.dir]);
      this.mounted = false;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
