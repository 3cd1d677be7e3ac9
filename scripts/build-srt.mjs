// Builds the libsrt N-API binding (main/core/srt/native) with node-gyp; run by `npm install` and by hand.
// Needs Debian's libsrt-openssl-dev and pkg-config; without them it says so and exits non-zero.
// `--optional` turns a missing toolchain or library into a warning and exit code 0 (the engine then starts
// without SRT and reports why).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'main/core/srt/native');
const output = path.join(nativeDir, 'build/Release/srt.node');
const optional = process.argv.includes('--optional');

function fail(message) {
  console.error(`build-srt: ${message}`);
  process.exit(optional ? 0 : 1);
}

const pkgConfig = spawnSync('pkg-config', ['--exists', '--print-errors', 'srt'], { encoding: 'utf8' });
if (pkgConfig.error) {
  fail('pkg-config is not installed. Install it with: sudo apt-get install pkg-config libsrt-openssl-dev');
}
if (pkgConfig.status !== 0) {
  fail(
    `libsrt development files were not found by pkg-config (${pkgConfig.stderr.trim() || 'package srt not found'}).\n` +
      'Install them with: sudo apt-get install libsrt-openssl-dev',
  );
}

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
  ];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not a dependency of this project; npm's bundled copy is enough
  }
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) fail("node-gyp was not found (it ships with npm); set npm_config_node_gyp to its bin/node-gyp.js");

const nodedir = process.env.npm_config_nodedir || '/usr';
if (!existsSync(path.join(nodedir, 'include/node/node_api.h'))) {
  fail(`Node's headers are not in ${nodedir}/include/node; set npm_config_nodedir to a Node installation with headers`);
}

// On Linux the addon finds libsrt next to itself first (RUNPATH $ORIGIN), so a package can carry the library beside it
// (the AppImage does, see scripts/after-pack.mjs); without a copy there the system's libsrt is used as before.
// gyp's Makefile appends $LDFLAGS to the link line; `$$` is make's escape for `$`, the quotes keep the shell off it.
const ldflags = process.platform === 'linux' ? [process.env.LDFLAGS, "-Wl,-rpath,'$$ORIGIN'"].filter(Boolean).join(' ') : process.env.LDFLAGS;

const started = Date.now();
const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodedir}`, '--release', '--loglevel=warn'], {
  cwd: nativeDir,
  stdio: 'inherit',
  env: { ...process.env, npm_config_nodedir: nodedir, ...(ldflags ? { LDFLAGS: ldflags } : {}) },
});
if (result.status !== 0 || !existsSync(output)) fail(`node-gyp failed (exit ${result.status ?? result.signal}); see the output above`);
console.log(`build-srt: built ${path.relative(root, output)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
