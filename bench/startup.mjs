// Startup benchmark: time from spawning the headless engine (node dist/main/cli.js) to /ping answering.
// Reference in the same run: a bare Node HTTP server answering /ping, spawned the same way.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function timeToPing(args, env, port) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio: 'ignore', cwd: env.HOME });
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/ping`);
        if ((await response.text()) === 'pong') return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (performance.now() - started > 10_000) throw new Error('no answer within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    child.kill('SIGKILL');
  }
}

const bare = "require('http').createServer((q,r)=>r.end('pong')).listen(+process.env.PORT,'127.0.0.1')";
const results = { engine: [], reference: [] };
for (let run = 0; run < RUNS; run++) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
  let port = await freePort();
  // The first run of each directory is a first start (config created); later runs reuse it, as a user would.
  results.engine.push(await timeToPing([path.join(root, 'dist/main/cli.js')], { HOME: home, CORE_ADDRESS: `127.0.0.1:${port}` }, port));
  port = await freePort();
  results.reference.push(await timeToPing(['-e', bare], { HOME: home, PORT: String(port) }, port));
  rmSync(home, { recursive: true, force: true });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const engine = median(results.engine);
const reference = median(results.reference);
const report = {
  benchmark: 'startup to /ping',
  runs: RUNS,
  engine_median_ms: Math.round(engine),
  bare_node_median_ms: Math.round(reference),
  ratio: Number((engine / reference).toFixed(2)),
  goal_ms: 1000,
  pass: engine < 1000,
};
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.pass ? 0 : 1;
