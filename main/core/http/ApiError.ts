// The one error type of the API; rendered as Core's error body {code, message, details}.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export interface ErrorBody {
  code: number;
  message: string;
  details: string[];
}

export function errorBody(status: number, message: string, details: string[] = []): ErrorBody {
  return { code: status, message, details };
}
