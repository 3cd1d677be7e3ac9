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
