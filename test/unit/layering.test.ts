// The engine under main/core/ must run in plain Node: no file there may import Electron or desktop code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [full] : [];
  });
}

describe('layering', () => {
  it('nothing under main/core imports electron or main/desktop', () => {
    const files = sourceFiles(path.join(repoRoot, 'main/core'));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((file) =>
      /(from\s+['"](electron|[^'"]*\/desktop\/[^'"]*)['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"])/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
