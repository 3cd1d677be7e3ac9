// Which filesystem a cleanup pattern addresses: `<name>:<glob>`, with Core's legacy names diskfs/memfs.
import type { StoredProcessConfig } from '../types.js';

export interface CleanupRule {
  /** Filesystem name as Core registers it: `disk`, `mem` or an S3 mount's name. */
  filesystem: string;
  /** Glob over absolute file paths (`/` separates, `**` crosses directories). */
  glob: string;
  maxFiles: number;
  maxFileAgeSeconds: number;
  purgeOnDelete: boolean;
}

const PREFIX = /^([a-z]+):/u;
const LEGACY: Readonly<Record<string, string>> = { diskfs: 'disk', memfs: 'mem' };

/** Splits `memfs:/x*.ts` into `{filesystem: 'mem', glob: '/x*.ts'}`; null when there is no prefix. */
export function parseCleanupPattern(pattern: string): { filesystem: string; glob: string } | null {
  const m = PREFIX.exec(pattern);
  if (!m) return null;
  return { filesystem: LEGACY[m[1]] ?? m[1], glob: pattern.slice(m[0].length) };
}

/**
 * The cleanup rules of a process, from its placeholder-resolved config. Rules without a prefix, or for a
 * filesystem that does not exist (when `filesystems` is given), are ignored, as Core does.
 */
export function cleanupRules(config: StoredProcessConfig, filesystems?: ReadonlySet<string>): CleanupRule[] {
  const rules: CleanupRule[] = [];
  for (const output of config.output) {
    for (const c of output.cleanup) {
      const target = parseCleanupPattern(c.pattern);
      if (!target || (filesystems && !filesystems.has(target.filesystem))) continue;
      rules.push({
        ...target,
        maxFiles: c.max_files,
        maxFileAgeSeconds: c.max_file_age_seconds,
        purgeOnDelete: c.purge_on_delete,
      });
    }
  }
  return rules;
}
