// Starting child processes behind a small interface, so lifecycle tests can count and inspect spawns.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Spawner {
  spawn(binary: string, args: string[]): ChildProcess;
}

// Secrets of the engine's own configuration never reach the children it runs.
const HIDDEN_ENV = /^(CORE_|RS_)/;

function childEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !HIDDEN_ENV.test(key)));
}

export const nodeSpawner: Spawner = {
  spawn(binary, args) {
    // Only stderr is read (FFmpeg's log and progress); stdin is /dev/null like Core, stdout is discarded.
    return spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], env: childEnvironment(), windowsHide: true });
  },
};
