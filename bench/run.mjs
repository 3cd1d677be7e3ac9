// Runs every benchmark in bench/ in turn (each prints a JSON report); `npm run bench -- startup` runs one.
// Arguments starting with `--` go to every chosen bench: `npm run bench -- memfs-limit --duration=600`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = ['startup', 'process', 'hls', 'metrics', 'rtmp', 'srt', 'reliability', 'memfs-limit', 'api', 'api-poll', 'soak', 'ui'];
const names = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const chosen = names.length > 0 ? names : all;

const build = spawnSync(process.execPath, [path.join(here, '../scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

let failed = 0;
for (const name of chosen) {
  console.log(`\n== bench: ${name}`);
  const result = spawnSync(process.execPath, [path.join(here, `${name}.mjs`), ...flags], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
