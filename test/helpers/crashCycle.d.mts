// Types of crashCycle.mjs for the TypeScript tests.
import type { EngineProcess } from './engineProcess.mjs';

export class CrashLoop {
  constructor(options: { dir: string; runningWithinMs?: number });
  readonly dir: string;
  readonly dbFile: string;
  readonly acknowledged: number;
  engine: EngineProcess | null;
  open(): Promise<void>;
  close(): Promise<void>;
  /** db: db.json problems; list: the restarted engine's list; late: not running in time; problems: all of them. */
  cycle(cycle: number): Promise<{ db: string[]; list: string[]; late: string[]; problems: string[]; runningMs: number | null }>;
}
