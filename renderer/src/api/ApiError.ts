// The one error type of the UI: an API failure with Core's {code, message, details} body.
import type { ErrorBody } from './types.js';

export class ApiError extends Error {
  readonly status: number;
  readonly details: string[];

  constructor(status: number, message: string, details: string[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.details = details;
  }

  /** Builds the error from a response body; falls back to the status when the body is not Core's error shape. */
  static fromResponse(status: number, body: string): ApiError {
    try {
      const parsed = JSON.parse(body) as Partial<ErrorBody>;
      if (parsed && typeof parsed.message === 'string') {
        return new ApiError(status, parsed.message, Array.isArray(parsed.details) ? parsed.details.map(String) : []);
      }
    } catch {
      // not JSON: use the status text below
    }
    return new ApiError(status, body.trim() !== '' && body.length < 200 ? body.trim() : `Request failed with status ${status}`);
  }
}

/** A readable message for anything thrown, API or not. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.details.length > 0 ? `${error.message}: ${error.details.join('; ')}` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
