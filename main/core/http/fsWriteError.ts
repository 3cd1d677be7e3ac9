// What a failed write through the fs API or a mount tells the client: 507 when storage is full, else 400 as Core.
import { ApiError } from './ApiError.js';
import { InsufficientStorageError } from '../fs/Filesystem.js';
import type { Logger } from '../log/Logger.js';

const FULL = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Core's PutFile answers every write error with 400 "Bad request" (a name too long, a file where a directory is
 * needed, a symlink out of the root...). System errors are reported by code and API path, never by their message,
 * which names the absolute path on the server.
 */
export function fsWriteError(error: unknown, path: string, logger?: Logger): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (error instanceof InsufficientStorageError) return new ApiError(507, 'Insufficient Storage', [error.message]);
  if (code && FULL.has(code)) return new ApiError(507, 'Insufficient Storage', [`${code}: cannot write ${path}`]);
  logger?.warn('file write refused', { path, error: error instanceof Error ? error.message : String(error) });
  const detail = typeof code === 'string' ? `${code}: cannot write ${path}` : error instanceof Error ? error.message : String(error);
  return new ApiError(400, 'Bad request', [detail]);
}
