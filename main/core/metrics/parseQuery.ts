// Checks a POST /api/v3/metrics body and turns it into per-metric label patterns (Core: each value is a regexp).
import type { MetricValue } from './apiShapes.js';
import { MetricsQueryError } from './MetricsQueryError.js';

/** Label name → expression; an empty pattern matches every value of the metric. */
export type LabelPattern = ReadonlyMap<string, RegExp>;

export interface ParsedQuery {
  timerangeSec: number;
  intervalSec: number;
  /** Metric name → its patterns, in the order the names were asked for; a value matches if any pattern does. */
  patterns: Map<string, LabelPattern[]>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function seconds(body: Record<string, unknown>, key: string, details: string[]): number {
  const value = body[key];
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    details.push(`${key}: must be a non-negative integer`);
    return 0;
  }
  return value;
}

function labelPattern(labels: unknown, where: string, details: string[]): LabelPattern | null {
  if (labels === undefined || labels === null) return new Map();
  if (!isObject(labels)) {
    details.push(`${where}.labels: must be an object of strings`);
    return null;
  }
  const pattern = new Map<string, RegExp>();
  for (const [label, expression] of Object.entries(labels)) {
    if (typeof expression !== 'string') {
      details.push(`${where}.labels.${label}: must be a string`);
      return null;
    }
    try {
      // Unanchored, as Go's regexp.MatchString: "hls" also matches "hlsingress"; "^hls$" matches only "hls".
      pattern.set(label, new RegExp(expression));
    } catch {
      details.push(`${where}.labels.${label}: invalid regular expression ${JSON.stringify(expression)}`);
      return null;
    }
  }
  return pattern;
}

/** Throws MetricsQueryError listing every problem; names missing from `known` are problems too. */
export function parseQuery(body: unknown, known: ReadonlySet<string>): ParsedQuery {
  const details: string[] = [];
  const query = isObject(body) ? body : {};
  if (!isObject(body)) details.push('query: must be an object');
  const timerangeSec = seconds(query, 'timerange_sec', details);
  const intervalSec = seconds(query, 'interval_sec', details);
  const patterns = new Map<string, LabelPattern[]>();
  const metrics = query.metrics ?? [];
  if (!Array.isArray(metrics)) details.push('metrics: must be an array');
  (Array.isArray(metrics) ? metrics : []).forEach((entry: unknown, index) => {
    const where = `metrics[${index}]`;
    if (!isObject(entry) || (entry.name !== undefined && typeof entry.name !== 'string')) {
      details.push(`${where}: must be an object with a string name`);
      return;
    }
    const name = typeof entry.name === 'string' ? entry.name : '';
    // Core skips an entry without a name.
    if (name === '') return;
    if (!known.has(name)) {
      details.push(`${where}.name: unknown metric ${JSON.stringify(name)}`);
      return;
    }
    const pattern = labelPattern(entry.labels, where, details);
    if (!pattern) return;
    const list = patterns.get(name);
    if (list) list.push(pattern);
    else patterns.set(name, [pattern]);
  });
  if (details.length > 0) throw new MetricsQueryError('Invalid metrics query', details);
  return { timerangeSec, intervalSec, patterns };
}

/** Core's match: every label of the pattern must exist on the value and match its expression. */
export function matchesAny(labels: Readonly<Record<string, string>>, patterns: readonly LabelPattern[]): boolean {
  return patterns.some((pattern) => {
    for (const [label, expression] of pattern) {
      const value = labels[label];
      if (value === undefined || !expression.test(value)) return false;
    }
    return true;
  });
}

export function matchingValues(values: readonly MetricValue[], patterns: ReadonlyMap<string, readonly LabelPattern[]>): MetricValue[] {
  return values.filter((value) => {
    const list = patterns.get(value.name);
    return list !== undefined && matchesAny(value.labels, list);
  });
}
