// Runs the engine as a child process (so a crash is seen, not shared): bundles engineMain.ts from the current
// sources with esbuild (dist/ may be stale while the engine is edited), starts it in a temp dir with the given
// config, and reports how it ended.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { makeTempDir } from '../../helpers/engine.js';
import { repoRoot } from '../../helpers/paths.js';

export interface EngineProcess {
  url: string;
  port: number;
  /** The engine's working directory (config/, data/). */
  dir: string;
  child: ChildProcess;
  /** How the child ended, or null while it runs. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** The last 64 KiB the engine wrote to stderr. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Bundles the child entry into <repo>/.tmp (inside the repo, so its node_modules resolve). */
async function bundle(): Promise<string> {
  const outdir = path.join(repoRoot, '.tmp', `engine-${process.pid}-${Date.now()}`);
  await build({
    entryPoints: [path.join(repoRoot, 'test/reliability/fuzz/engineMain.ts')],
    outfile: path.join(outdir, 'engine.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outdir;
}

export async function spawnEngine(config: Record<string, unknown>, env: Record<string, string> = {}): Promise<EngineProcess> {
  const outdir = await bundle();
  const dir = makeTempDir('core-child-');
  const configFile = path.join(dir, 'config', 'config.json');
  mkdirSync(path.dirname(configFile), { recursive: true });
  writeFileSync(configFile, JSON.stringify({ version: 3, address: '127.0.0.1:0', ...config }, null, 2));
  const child = spawn(process.execPath, [path.join(outdir, 'engine.mjs')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, CORE_CONFIGFILE: configFile, ENGINE_RESOURCES_DIR: path.join(repoRoot, 'resources'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => ((exit = { code, signal }), resolve())));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-64 * 1024)));

  const cleanup = () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the engine did not start within 20 s\n${stderr}`)), 20_000);
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{"port"'));
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the engine exited while starting: ${JSON.stringify(exit)}\n${stderr}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    cleanup();
    throw error;
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    child,
    exit: () => exit,
    stderr: () => stderr,
    async stop() {
      if (!exit) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      cleanup();
    },
  };
}
