// The FFmpeg version constraint Core stamps into each stored process config.

/**
 * On create/update Core writes "^" + the full version: it tries to drop the patch level, but parses the
 * string that already starts with "^", which fails, so "^4.0.2" stays "^4.0.2" (the TestReplacer golden).
 */
export function ffversionOnCreate(version: string): string {
  return '^' + version;
}

/** Processes loaded from a db.json without ffversion get "^MAJOR.MINOR.0" (that path parses the bare version). */
export function ffversionOnLoad(version: string): string {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  return m ? `^${m[1]}.${m[2] ?? '0'}.0` : '^' + version;
}
