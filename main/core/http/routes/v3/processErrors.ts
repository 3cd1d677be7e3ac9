// Translates registry errors into Core's HTTP answers (status, message, details).
import { ApiError } from '../../ApiError.js';
import { ProcessBodyError, ProcessConfigError } from '../../../restream/errors.js';
import { CommandRefusedError, PersistError, UnknownProcessError } from '../../../restream/Restream.js';

/** Which operation failed decides Core's message for an invalid config. */
export type ProcessOperation = 'create' | 'update' | 'command' | 'other';

const CONFIG_MESSAGE: Record<ProcessOperation, string> = {
  create: 'Invalid process config',
  update: "Process can't be updated",
  command: 'Command failed',
  other: 'Bad request',
};

export function toApiError(error: unknown, operation: ProcessOperation): unknown {
  // Core answers a command for an unknown process with 400 (its golden handler tests assert it), all else 404.
  if (error instanceof UnknownProcessError) {
    return operation === 'command' ? new ApiError(400, 'Command failed', [error.message]) : new ApiError(404, 'Unknown process ID', [error.id]);
  }
  if (error instanceof ProcessBodyError) return new ApiError(400, error.message, error.details);
  if (error instanceof ProcessConfigError) return new ApiError(400, CONFIG_MESSAGE[operation], [error.message]);
  if (error instanceof CommandRefusedError) return new ApiError(400, CONFIG_MESSAGE[operation], [error.message]);
  if (error instanceof PersistError) return new ApiError(507, 'Insufficient Storage', [error.message]);
  return error;
}

export async function translate<T>(operation: ProcessOperation, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toApiError(error, operation);
  }
}
