// Core's process states, the allowed transitions between them, and the order (what the user asked for).
export type ProcessState = 'finished' | 'starting' | 'running' | 'finishing' | 'failed' | 'killed';
export type Order = 'start' | 'stop';

export const PROCESS_STATES: readonly ProcessState[] = ['finished', 'starting', 'running', 'finishing', 'failed', 'killed'];

const TRANSITIONS: Record<ProcessState, readonly ProcessState[]> = {
  finished: ['starting'],
  starting: ['finishing', 'running', 'failed'],
  running: ['finished', 'finishing', 'failed', 'killed'],
  finishing: ['finished', 'failed', 'killed'],
  failed: ['starting'],
  killed: ['starting'],
};

export function canTransition(from: ProcessState, to: ProcessState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isRunningState(state: ProcessState): boolean {
  return state === 'starting' || state === 'running' || state === 'finishing';
}

/** Core's mapping of how a child ended to the state it ends in. */
export function exitState(code: number | null, signal: NodeJS.Signals | null): ProcessState {
  if (signal) return 'killed';
  // FFmpeg exits with 255 when it stops on SIGINT/SIGTERM: a requested, clean stop.
  if (code === 0 || code === 255) return 'finished';
  return 'failed';
}
