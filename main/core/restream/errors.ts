// The two ways a process config is rejected, kept apart because Core answers them with different messages.

/**
 * The request body itself is unusable (Core's handler: "Invalid JSON", "Unsupported process type",
 * "At least one input and one output need to be defined"). `details` are Core's detail strings.
 */
export class ProcessBodyError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'ProcessBodyError';
  }
}

/**
 * The config does not describe a runnable process (Core's createTask errors, e.g. a duplicate output id or an
 * address outside the disk dir). The message is Core's error text; the HTTP layer puts it into `details` under
 * "Invalid process config" (create) or "Process can't be updated" (update).
 */
export class ProcessConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProcessConfigError';
  }
}

/** Why db.json could not be written, in the user's words; the HTTP layer may pick its answer by it. */
export type PersistFailure = 'disk-full' | 'read-only' | 'no-permission' | 'other';

const FAILURES: Record<string, { reason: PersistFailure; text: string }> = {
  ENOSPC: { reason: 'disk-full', text: 'the disk is full' },
  EDQUOT: { reason: 'disk-full', text: 'the disk quota is exhausted' },
  EROFS: { reason: 'read-only', text: 'the data directory is read-only' },
  EACCES: { reason: 'no-permission', text: 'no permission to write the data directory' },
  EPERM: { reason: 'no-permission', text: 'no permission to write the data directory' },
};

/**
 * db.json could not be written: the change is not acknowledged and not applied (memory stays equal to the file).
 * The message says what is wrong with the storage first, then the system's error.
 */
export class PersistError extends Error {
  readonly reason: PersistFailure;

  constructor(file: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | null)?.code ?? '';
    const known = FAILURES[code];
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`cannot save ${file}: ${known ? `${known.text} (${detail})` : detail}`);
    this.name = 'PersistError';
    this.reason = known?.reason ?? 'other';
  }
}
