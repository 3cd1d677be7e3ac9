// Applies the processes' cleanup rules every second, and purges their files when a process goes away.
import type { Filesystem } from '../../fs/Filesystem.js';
import type { Logger } from '../../log/Logger.js';
import { cleanupRules, type CleanupRule } from './pattern.js';
import { planCleanup, planPurge, type Deletion, type FilesByFilesystem } from './plan.js';
import type { StoredProcessConfig } from '../types.js';

export class CleanupRunner {
  private timer: NodeJS.Timeout | null = null;
  private readonly rules = new Map<string, CleanupRule[]>();
  private running = false;

  constructor(
    private readonly filesystems: ReadonlyMap<string, Filesystem>,
    private readonly logger: Logger,
  ) {}

  /** The rules of a process, from its placeholder-resolved config. */
  set(processId: string, resolved: StoredProcessConfig): void {
    const rules = cleanupRules(resolved, new Set(this.filesystems.keys()));
    if (rules.length > 0) this.rules.set(processId, rules);
    else this.rules.delete(processId);
  }

  /** Forgets a process's rules; with purge, removes every file its purge_on_delete rules match. */
  async unset(processId: string, purge: boolean): Promise<void> {
    const rules = this.rules.get(processId) ?? [];
    this.rules.delete(processId);
    if (purge && rules.some((rule) => rule.purgeOnDelete)) await this.apply(planPurge(rules, await this.listings(rules)));
  }

  start(intervalMs = 1000): void {
    this.stop();
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async tick(now = Date.now()): Promise<void> {
    if (this.running || this.rules.size === 0) return;
    this.running = true;
    try {
      const all = [...this.rules.values()].flat();
      await this.apply(planCleanup(all, await this.listings(all), now));
    } finally {
      this.running = false;
    }
  }

  private async listings(rules: readonly CleanupRule[]): Promise<FilesByFilesystem> {
    const names = new Set(rules.map((rule) => rule.filesystem));
    const result: Record<string, Awaited<ReturnType<Filesystem['list']>>> = {};
    for (const name of names) {
      const filesystem = this.filesystems.get(name);
      if (filesystem) result[name] = await filesystem.list().catch(() => []);
    }
    return result;
  }

  private async apply(deletions: Deletion[]): Promise<void> {
    for (const deletion of deletions) {
      const filesystem = this.filesystems.get(deletion.filesystem);
      await filesystem?.remove(deletion.name).catch((error: Error) => {
        this.logger.warn('cleanup failed', { filesystem: deletion.filesystem, file: deletion.name, error: error.message });
      });
    }
  }
}
