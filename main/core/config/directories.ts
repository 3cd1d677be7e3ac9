// Creating directories safely: Node's recursive mkdir never returns on procfs, so parents are made one by one.
import { mkdirSync, statfsSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/**
 * Linux pseudo filesystems that hold no user directories (statfs f_type magic numbers from linux/magic.h).
 * On procfs `mkdir` answers ENOENT for every new name; Node's `mkdir(..., {recursive: true})` takes that as
 * "parent missing", walks up to the existing parent and tries again, forever (a busy loop, not an error).
 */
const PSEUDO_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x62656570, 'configfs'],
  [0xcafe4a11, 'bpf'],
]);

/** A directory that cannot be created; the message names the directory and why. */
export class DirectoryError extends Error {
  constructor(
    readonly dir: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/** The name of the pseudo filesystem `dir` lives on (e.g. 'proc'), or null for a real one. */
export function pseudoFilesystemOf(dir: string): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return PSEUDO_FILESYSTEMS.get(Number(statfsSync(dir).type)) ?? null;
  } catch {
    return null;
  }
}

/** The nearest existing ancestor of `target` (or `target` itself) and the missing directories below it, top first. */
export function existingAncestor(target: string): { ancestor: string; stats: Stats | null; missing: string[] } {
  const missing: string[] = [];
  let current = path.resolve(target);
  let stats = statOrNull(current);
  while (!stats && path.dirname(current) !== current) {
    missing.unshift(current);
    current = path.dirname(current);
    stats = statOrNull(current);
  }
  return { ancestor: current, stats, missing };
}

/** `mkdir -p` that always ends: an error names the directory that could not be made and why. */
export function makeDirectorySync(dir: string): void {
  const target = path.resolve(dir);
  const { ancestor, stats, missing } = existingAncestor(target);
  if (missing.length === 0) {
    if (stats && !stats.isDirectory()) throw new DirectoryError(target, `cannot create directory '${target}': it exists and is not a directory`, 'ENOTDIR');
    return;
  }
  if (stats && !stats.isDirectory()) throw new DirectoryError(target, `cannot create directory '${target}': '${ancestor}' is not a directory`, 'ENOTDIR');
  const pseudo = pseudoFilesystemOf(ancestor);
  if (pseudo) {
    throw new DirectoryError(target, `cannot create directory '${target}': '${ancestor}' is on the ${pseudo} pseudo filesystem, which holds no user data`, 'ENOENT');
  }
  for (const next of missing) {
    try {
      mkdirSync(next);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Someone else made it in the meantime: fine.
      if (code === 'EEXIST' && statOrNull(next)?.isDirectory()) continue;
      throw new DirectoryError(target, `cannot create directory '${target}': ${(error as Error).message}`, code);
    }
  }
}
