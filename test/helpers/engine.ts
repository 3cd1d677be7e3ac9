// Starts a real engine on 127.0.0.1 (random port) in a temp dir, with a config file the test chooses.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../main/core/app.js';
import { repoRoot } from './paths.js';

export interface TestEngine {
  core: Core;
  dir: string;
  configFile: string;
  url: string;
  /** The captured console output of the engine's logger. */
  output: string[];
  stop(): Promise<void>;
}

export interface TestEngineOptions {
  /** Config file contents laid over `{version: 3, address: '127.0.0.1:0'}`; null = no file (first run). */
  config?: Record<string, unknown> | null;
  env?: Record<string, string>;
  loginDelayMs?: number;
}

export function makeTempDir(prefix = 'core-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const dir = makeTempDir();
  const configFile = path.join(dir, 'config', 'config.js');
  if (options.config !== null) {
    mkdirSync(path.dirname(configFile), { recursive: true });
    writeFileSync(configFile, JSON.stringify({ version: 3, address: '127.0.0.1:0', ...(options.config ?? {}) }, null, 4));
  }
  const output: string[] = [];
  const core = createCore({
    cwd: dir,
    env: { CORE_CONFIGFILE: configFile, ...(options.config === null ? { CORE_ADDRESS: '127.0.0.1:0' } : {}), ...options.env },
    console: { write: (line: string) => output.push(line) },
    loginDelayMs: options.loginDelayMs ?? 50,
    resourcesDir: path.join(repoRoot, 'resources'),
    uiDir: path.join(repoRoot, 'dist/renderer'),
  });
  await core.start();
  return {
    core,
    dir,
    configFile,
    get url() {
      return `http://127.0.0.1:${core.port}`;
    },
    output,
    async stop() {
      await core.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Small fetch wrapper that parses JSON bodies when the server says they are JSON. */
export async function call(
  base: string,
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers; text: string }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(base + url, { method, headers, body });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return { status: response.status, body: isJson && text ? JSON.parse(text) : text, headers: response.headers, text };
}

/**
 * Starts an engine that is expected to refuse to start: a config file with `fileText` (when given) and `env`.
 * Returns the error it refused with (or null when it started after all).
 */
export async function startupFailure(options: { fileText?: string; env?: Record<string, string> }): Promise<Error | null> {
  const dir = makeTempDir();
  const configFile = path.join(dir, 'config.json');
  if (options.fileText !== undefined) writeFileSync(configFile, options.fileText);
  const core = createCore({ cwd: dir, env: { CORE_CONFIGFILE: configFile, CORE_ADDRESS: '127.0.0.1:0', ...options.env }, console: { write: () => true } });
  const failure = await core.start().then(
    () => null,
    (error: unknown) => error as Error,
  );
  await core.stop();
  return failure;
}
