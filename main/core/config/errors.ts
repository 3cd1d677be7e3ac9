// Error types of the config module; the HTTP layer maps ConfigInputError to 400 and ConfigValidationError to 409.
import type { ConfigErrors } from './types.js';

/** A config file or document that cannot be used (unreadable, invalid JSON, unknown version, wrong types). */
export class ConfigError extends Error {
  readonly details: string[];

  constructor(message: string, details: string[] = []) {
    super(message);
    this.name = 'ConfigError';
    this.details = details;
  }
}

/** A client-supplied document is malformed: not an object, wrong JSON types for known keys (HTTP 400). */
export class ConfigInputError extends ConfigError {
  constructor(message: string, details: string[] = []) {
    super(message, details);
    this.name = 'ConfigInputError';
  }
}

/** The `version` field is missing or not one of 1, 2, 3 (HTTP 400). */
export class ConfigVersionError extends ConfigInputError {
  readonly version: unknown;

  constructor(version: unknown) {
    const shown = version === undefined ? 'missing' : JSON.stringify(version);
    super(`version not supported: ${shown} (expected version 1, 2 or 3)`, [`version: ${shown}`]);
    this.name = 'ConfigVersionError';
    this.version = version;
  }
}

/** The config is well-formed but its values are not acceptable (HTTP 409 with `{path: [messages]}`). */
export class ConfigValidationError extends ConfigError {
  readonly errors: ConfigErrors;

  constructor(errors: ConfigErrors) {
    const details = Object.entries(errors).flatMap(([path, messages]) => messages.map((m) => `${path}: ${m}`));
    super(`configuration has errors: ${details.join('; ')}`, details);
    this.name = 'ConfigValidationError';
    this.errors = errors;
  }

  /** Same as `errors` (the per-field map the HTTP layer sends as the 409 body). */
  get fields(): ConfigErrors {
    return this.errors;
  }
}
