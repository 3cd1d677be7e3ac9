// Filesystem checks for path-valued settings; kept apart so pure validation never touches the disk.
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { existingAncestor, pseudoFilesystemOf } from './directories.js';

export type PathRequirement = 'mustDir' | 'dir' | 'file';

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/** A directory that does not exist yet is fine if it can be created: its nearest existing ancestor is writable. */
function checkCreatable(target: string, shown: string): string | null {
  const { ancestor, stats } = existingAncestor(target);
  if (!stats?.isDirectory()) return `'${shown}' can't be created, '${ancestor}' is not a directory`;
  // Root may "write" to /proc as far as access() goes, yet nothing can be created there.
  const pseudo = pseudoFilesystemOf(ancestor);
  if (pseudo) return `'${shown}' can't be created, '${ancestor}' is on the ${pseudo} pseudo filesystem`;
  try {
    accessSync(ancestor, constants.W_OK);
    return null;
  } catch {
    return `'${shown}' can't be created, no write permission in '${ancestor}'`;
  }
}

/** Relative paths are taken relative to `cwd`, as Core takes them relative to where it runs. */
export function checkPathOnDisk(requirement: PathRequirement, value: string, cwd: string): string | null {
  if (value.trim() === '') return null;
  const target = path.resolve(cwd, value);
  const stats = statOrNull(target);
  switch (requirement) {
    case 'mustDir':
      if (!stats) return checkCreatable(target, value);
      return stats.isDirectory() ? null : `'${value}' is not a directory`;
    case 'dir':
      if (!stats) return `directory '${value}' does not exist`;
      return stats.isDirectory() ? null : `'${value}' is not a directory`;
    case 'file':
      if (!stats) return `file '${value}' does not exist`;
      return stats.isFile() ? null : `'${value}' is not a regular file`;
  }
}
