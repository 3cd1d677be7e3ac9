// Probes a process's inputs: runs FFmpeg with the global options and the inputs only, and parses what it prints.
import { spawn } from 'node:child_process';
import { parseProbe } from '../ffmpeg/probe.js';
import { LineSplitter } from '../process/LineSplitter.js';
import type { Probe } from '../ffmpeg/types.js';
import type { StoredProcessConfig } from './types.js';

export const PROBE_TIMEOUT_MS = 20_000;

/** Global options, then each input's options, `-i` and address; no outputs (FFmpeg then prints the inputs and stops). */
export function probeCommand(config: StoredProcessConfig): string[] {
  const args = [...config.options];
  for (const input of config.input) args.push(...input.options, '-i', input.address);
  return args;
}

export function runProbe(binary: string, config: StoredProcessConfig, timeoutMs = PROBE_TIMEOUT_MS): Promise<Probe> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const child = spawn(binary, probeCommand(config), { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => {
      lines.push(`probe timed out after ${timeoutMs / 1000} s`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => splitter.push(chunk));
    child.once('error', (error) => lines.push(`cannot start ${binary}: ${error.message}`));
    child.once('close', () => {
      clearTimeout(timer);
      splitter.flush();
      resolve(parseProbe(lines));
    });
  });
}
