// Size and usage of the filesystem holding a path, computed as gopsutil's disk.Usage does.
import { statfs } from 'node:fs/promises';
import type { DiskUsage } from './SystemSource.js';

export async function diskUsage(path: string): Promise<DiskUsage> {
  const stats = await statfs(path);
  return { totalBytes: stats.blocks * stats.bsize, usedBytes: (stats.blocks - stats.bfree) * stats.bsize };
}
