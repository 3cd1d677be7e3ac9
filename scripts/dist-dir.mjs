#!/usr/bin/env node
// `npm run dist:dir`: an unpacked Linux build (release/linux-unpacked) with electron-builder, using a stand-in Electron
// distribution (the Electron binary cannot be downloaded here). When electron-builder is not installed, says so and
// prints the command it would run, then exits with 2.
//   ELECTRON_DIST=<dir>  the stand-in electronDist (default: node_modules/electron/dist, else release/electron-standin)
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

const defaultDist = existsSync(path.join(root, 'node_modules/electron/dist'))
  ? path.join(root, 'node_modules/electron/dist')
  : path.join(root, 'release/electron-standin');
const electronDist = path.resolve(process.env.ELECTRON_DIST ?? defaultDist);
const args = ['--linux', 'dir', `-c.electronDist=${electronDist}`, ...process.argv.slice(2)];

let cli = null;
try {
  cli = require.resolve('electron-builder/cli.js');
} catch {
  cli = null;
}

const missing = [];
if (!cli) missing.push('electron-builder is not installed (npm install --save-dev electron-builder)');
if (!existsSync(electronDist)) missing.push(`no Electron distribution at ${electronDist} (set ELECTRON_DIST to an unpacked Electron)`);
if (!existsSync(path.join(root, 'dist/main/index.js'))) missing.push('dist/ is not built (npm run build)');
if (!existsSync(path.join(root, 'main/core/srt/native/build/Release/srt.node'))) missing.push('the SRT addon is not built (npm run build:srt); it would be left out');

if (!cli) {
  console.error('dist:dir cannot run:');
  for (const problem of missing) console.error(`  - ${problem}`);
  console.error(`\nit would run (in ${root}):\n  npx electron-builder ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  console.error('\nand produce release/linux-unpacked/ with resources/app.asar (dist/main, dist/preload, dist/renderer, package.json),');
  console.error('resources/app.asar.unpacked/main/core/srt/native/build/Release/srt.node and resources/resources/ (mime.types, icons).');
  process.exit(2);
}
for (const problem of missing) console.warn(`warning: ${problem}`);
const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
