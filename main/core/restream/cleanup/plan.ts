// Which files the cleanup rules remove: pure decisions, the caller lists and deletes (restream/fs in Core).
import { matchGlob, type GlobMatcher } from '../../glob/glob.js';
import type { CleanupRule } from './pattern.js';

export interface FileEntry {
  /** Absolute path inside its filesystem, e.g. `/abc_0001.ts`. */
  name: string;
  size: number;
  /** Modification time, milliseconds since the epoch. */
  lastModified: number;
  isDir?: boolean;
}

/** The current listing of each filesystem, keyed by filesystem name (`disk`, `mem`, S3 names). */
export type FilesByFilesystem = Readonly<Record<string, readonly FileEntry[]>>;

export interface Deletion {
  filesystem: string;
  name: string;
  reason: 'max_files' | 'max_file_age' | 'purge';
}

function matching(rule: CleanupRule, files: FilesByFilesystem, glob: GlobMatcher): FileEntry[] {
  const test = glob(rule.glob, '/');
  return (files[rule.filesystem] ?? []).filter((f) => !f.isDir && test(f.name));
}

/** Oldest first; equal times by name so the choice is deterministic. */
const oldestFirst = (a: FileEntry, b: FileEntry) =>
  a.lastModified - b.lastModified || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * One periodic pass (Core runs it every second): per rule, the oldest matching files beyond `maxFiles`, and
 * matching files last modified more than `maxFileAgeSeconds` before `now`. Each file is listed once.
 */
export function planCleanup(
  rules: readonly CleanupRule[],
  files: FilesByFilesystem,
  now: number,
  glob: GlobMatcher = matchGlob,
): Deletion[] {
  const plan = new Map<string, Deletion>();
  const add = (filesystem: string, name: string, reason: Deletion['reason']) => {
    const key = `${filesystem}\u0000${name}`;
    if (!plan.has(key)) plan.set(key, { filesystem, name, reason });
  };
  for (const rule of rules) {
    const candidates = matching(rule, files, glob).sort(oldestFirst);
    if (rule.maxFiles > 0 && candidates.length > rule.maxFiles) {
      for (const f of candidates.slice(0, candidates.length - rule.maxFiles)) add(rule.filesystem, f.name, 'max_files');
    }
    if (rule.maxFileAgeSeconds > 0) {
      const bestBefore = now - rule.maxFileAgeSeconds * 1000;
      for (const f of candidates) if (f.lastModified < bestBefore) add(rule.filesystem, f.name, 'max_file_age');
    }
  }
  return [...plan.values()];
}

/**
 * What `purge_on_delete` removes when the process is deleted or updated, or the engine stops: every matching
 * file of the purging rules, longest paths first (deepest entries before their parents).
 */
export function planPurge(rules: readonly CleanupRule[], files: FilesByFilesystem, glob: GlobMatcher = matchGlob): Deletion[] {
  const plan = new Map<string, Deletion>();
  for (const rule of rules) {
    if (!rule.purgeOnDelete) continue;
    const candidates = (files[rule.filesystem] ?? []).filter((f) => glob(rule.glob, '/')(f.name));
    for (const f of candidates.sort((a, b) => b.name.length - a.name.length)) {
      const key = `${rule.filesystem}\u0000${f.name}`;
      if (!plan.has(key)) plan.set(key, { filesystem: rule.filesystem, name: f.name, reason: 'purge' });
    }
  }
  return [...plan.values()];
}
