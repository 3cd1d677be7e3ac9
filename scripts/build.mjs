// Builds the engine and Electron main (esbuild), the preload, and the renderer (vite) into dist/.
// `--if-stale` skips the build when dist/ is newer than every source file (fast `npm run serve`).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const sources = ['main', 'preload', 'renderer', 'resources', 'package.json', 'vite.config.ts', 'scripts/build.mjs'];

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const info = statSync(full);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(full).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), info.mtimeMs);
}

function git(args, fallback) {
  try {
    return execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || fallback;
  } catch {
    return fallback;
  }
}

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  if (sources.every((entry) => newestMtime(entry) <= built)) process.exit(0);
}

const define = {
  __BUILD_COMMIT__: JSON.stringify(git(['rev-parse', 'HEAD'], 'unknown')),
  __BUILD_BRANCH__: JSON.stringify(git(['rev-parse', '--abbrev-ref', 'HEAD'], 'unknown')),
  __BUILD_DATE__: JSON.stringify(new Date().toISOString()),
};

const started = Date.now();
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  define,
  logLevel: 'warning',
};
// Dependencies are bundled into the engine (module resolution dominates startup time), except those
// that read their own files at run time or must stay separate modules.
const keepExternal = ['electron', '@fastify/swagger-ui', '@fastify/static', 'pino', 'thread-stream'];
// Chunk names carry a hash: without a clean slate every build would leave its old chunks behind (and in the asar).
rmSync(path.join(root, 'dist/main/chunks'), { recursive: true, force: true });
await build({
  ...common,
  packages: undefined,
  external: keepExternal,
  format: 'esm',
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  splitting: true,
  // Minified (names kept for errors and logs; the source maps keep debugging readable): less code to parse at
  // start, and no comments whose non-Latin-1 characters would make V8 hold the whole source at two bytes a char.
  minify: true,
  keepNames: true,
  chunkNames: 'chunks/[name]-[hash]',
  entryPoints: { cli: 'main/core/cli.ts', index: 'main/index.ts' },
  outdir: 'dist/main',
  absWorkingDir: root,
});
// Sandboxed preload scripts must be CommonJS and may only require 'electron'.
await build({
  ...common,
  format: 'cjs',
  packages: undefined,
  external: ['electron'],
  entryPoints: { index: 'preload/index.ts' },
  outdir: 'dist/preload',
  outExtension: { '.js': '.cjs' },
  absWorkingDir: root,
});
execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
mkdirSync(path.dirname(stamp), { recursive: true });
writeFileSync(stamp, new Date().toISOString());
console.log(`built dist/ in ${Date.now() - started} ms`);
