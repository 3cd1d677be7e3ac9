// The metrics API's wire shapes (api.MetricsDescription, api.MetricsQuery, api.MetricsResponse, ...).

/** GET /api/v3/metrics: one entry per metric. */
export interface MetricsDescription {
  name: string;
  description: string;
  labels: string[];
}

export interface MetricsQueryMetric {
  name: string;
  /** Label name → pattern; a label left out matches every value. */
  labels?: Record<string, string>;
}

/** POST /api/v3/metrics body. */
export interface MetricsQuery {
  timerange_sec?: number;
  interval_sec?: number;
  metrics?: MetricsQueryMetric[];
}

/**
 * One value as Core puts it on the wire: `[unix seconds, value]`. Core's swagger declares an object {ts, value},
 * but its MarshalJSON writes this pair, and the Restreamer UI reads `values[0][1]`.
 */
export type MetricsResponseValue = [number, number];

export interface MetricsResponseMetric {
  name: string;
  labels: Record<string, string>;
  values: MetricsResponseValue[];
}

export interface MetricsResponse {
  /** Core answers with its history resolution (metrics.range_sec / interval_sec), 0 when history is off. */
  timerange_sec: number;
  interval_sec: number;
  metrics: MetricsResponseMetric[];
}

/** One collected value: a metric name, its label values and the number. */
export interface MetricValue {
  name: string;
  labels: Record<string, string>;
  value: number;
}
