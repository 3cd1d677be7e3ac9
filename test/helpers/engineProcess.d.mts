// Types of engineProcess.mjs for the TypeScript tests.
import type { ChildProcess } from 'node:child_process';

export const repoRoot: string;
export const FAKE_FFMPEG: string;
export const ENGINE_CLI: string;
export function freePort(): Promise<number>;

export interface EngineProcess {
  child: ChildProcess;
  pid: number;
  base: string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill9(): Promise<void>;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnEngine(options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<EngineProcess>;
export function send(base: string, method: string, url: string, body?: unknown): Promise<{ ok: boolean; status: number; text: string }>;
