// The headless CLI as a user runs it: fresh directory, default config location, URLs printed, clean stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { call, makeTempDir } from '../helpers/engine.js';
import { repoRoot } from '../helpers/paths.js';

const cli = path.join(repoRoot, 'dist/main/cli.js');

describe('headless CLI (dist/main/cli.js)', () => {
  let child: ChildProcess;
  let stdout = '';
  let dir: string;
  let base: string;

  beforeAll(async () => {
    expect(existsSync(cli), 'run `npm run build` first').toBe(true);
    dir = makeTempDir('core-cli-');
    child = spawn(process.execPath, [cli], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'xdg'), CORE_ADDRESS: '127.0.0.1:0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}`)), 10_000);
      child.stdout!.on('data', () => {
        const match = /API:\s+(http:\/\/[^\s]+)\/api/.exec(stdout);
        if (match && stdout.includes('Config:')) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints the API, Swagger UI and web UI addresses and the generated password', () => {
    expect(stdout).toMatch(/Swagger UI:\s+http:\/\/127\.0\.0\.1:\d+\/api\/swagger\/index\.html/);
    expect(stdout).toMatch(/Web UI:\s+http:\/\/127\.0\.0\.1:\d+\/ui\//);
    expect(stdout).toContain(path.join(dir, 'config', 'config.js'));
    const password = /^\s+([A-Za-z0-9]{20,})$/m.exec(stdout)?.[1];
    const stored = JSON.parse(readFileSync(path.join(dir, 'config', 'config.js'), 'utf8'));
    expect(stored.api.auth.password).toBe(password);
  });

  it('answers /ping, /api and serves the web UI', async () => {
    expect((await call(base, 'GET', '/ping')).text).toBe('pong');
    const about = await call(base, 'GET', '/api');
    expect(about.body.app).toBe('datarhei-core');
    expect(about.body.version.repository_commit).not.toBe('dev');
    const redirect = await fetch(`${base}/ui`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/ui/');
    const page = await call(base, 'GET', '/ui/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
