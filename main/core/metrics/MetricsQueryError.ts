// A metrics query the collector cannot answer (unknown metric, bad label pattern, bad numbers): HTTP 400.
export class MetricsQueryError extends Error {
  constructor(
    message: string,
    readonly details: string[],
  ) {
    super(message);
    this.name = 'MetricsQueryError';
  }
}
