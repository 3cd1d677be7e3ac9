// What each kind of config value means: its JSON shape, how its env string parses, and its syntax check.
import {
  checkAbsolutePath,
  checkAddress,
  checkCidr,
  checkCorsOrigin,
  checkEmail,
  checkRegex,
  checkUrl,
  cleanPath,
} from './checks.js';
import { parseRoutes, parseS3Url, parseTenant } from './envFormats.js';

export type Kind =
  | 'string'
  | 'time'
  | 'address'
  | 'email'
  | 'url'
  | 'absPath'
  | 'logLevel'
  | 'bool'
  | 'int'
  | 'uint'
  | 'port'
  | 'stringList'
  | 'cidrList'
  | 'regexList'
  | 'corsList'
  | 'map'
  | 's3List'
  | 'tenantList';

/** How list values are separated in env variables. */
export type Separator = 'comma' | 'space' | 'pipe';

/** JSON shape of a value; objects list their fields so missing fields get zero values, as Go's decoder does. */
export type Shape =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'unsigned'
  | { array: Shape }
  | { map: Shape }
  | { object: Record<string, Shape> };

const S3_SHAPE: Shape = {
  object: {
    name: 'string',
    mountpoint: 'string',
    auth: { object: { enable: 'boolean', username: 'string', password: 'string' } },
    endpoint: 'string',
    access_key_id: 'string',
    secret_access_key: 'string',
    bucket: 'string',
    region: 'string',
    use_ssl: 'boolean',
  },
};

const TENANT_SHAPE: Shape = {
  object: { domain: 'string', audience: 'string', clientid: 'string', users: { array: 'string' } },
};

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;

interface KindSpec {
  shape: Shape;
  /** Parses an env string; throws an Error whose message is the reason. */
  parse(raw: string, separator: Separator): unknown;
  /** Syntax check of a decoded value; returns messages (empty = fine). */
  check?(value: unknown): string[];
}

const GO_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const GO_FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

function parseBool(raw: string): boolean {
  if (GO_TRUE.includes(raw)) return true;
  if (GO_FALSE.includes(raw)) return false;
  throw new Error(`'${raw}' is not a boolean, use true or false`);
}

function parseInteger(raw: string, unsigned: boolean): number {
  const text = raw.trim();
  const pattern = unsigned ? /^\+?\d+$/ : /^[+-]?\d+$/;
  const value = Number(text);
  if (!pattern.test(text) || !Number.isSafeInteger(value)) {
    throw new Error(`'${raw}' is not ${unsigned ? 'a non-negative' : 'an'} integer`);
  }
  return value;
}

/**
 * Space-separated lists (regexes, file extensions) also accept commas, but only when the value has no whitespace:
 * a regex like `a{1,3}` must survive when several patterns are given space-separated.
 */
export function splitList(raw: string, separator: Separator): string[] {
  let parts: string[];
  if (separator === 'pipe') parts = raw.split('|');
  else if (separator === 'comma') parts = raw.split(',');
  else parts = /\s/.test(raw.trim()) ? raw.split(/\s+/) : raw.split(',');
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

function listOf(check: (item: string) => string | null) {
  return (value: unknown): string[] =>
    (value as string[]).map(check).filter((message): message is string => message !== null);
}

/** Parses a list and rejects it at once if an item fails the syntax check, so the env error names the variable. */
function checkedList(check: (item: string) => string | null) {
  return (raw: string, separator: Separator): string[] => {
    const items = splitList(raw, separator);
    const problems = listOf(check)(items);
    if (problems.length > 0) throw new Error(problems.join('; '));
    return items;
  };
}

const stringKind = (check?: (value: string) => string | null): KindSpec => ({
  shape: 'string',
  parse: (raw) => {
    const problem = check?.(raw);
    if (problem) throw new Error(problem);
    return raw;
  },
  ...(check ? { check: (value: unknown) => [check(value as string)].filter((m): m is string => m !== null) } : {}),
});

function checkLogLevel(value: string): string | null {
  return (LOG_LEVELS as readonly string[]).includes(value)
    ? null
    : `must be one of ${LOG_LEVELS.join(', ')}, got '${value}'`;
}

function checkPort(value: number): string | null {
  return value >= 0 && value <= 65535 ? null : `must be a port number between 0 and 65535, got ${value}`;
}

export const KINDS: Record<Kind, KindSpec> = {
  string: stringKind(),
  time: stringKind(),
  // A bare port number in env is taken as ":port", like Core does.
  address: { ...stringKind(checkAddress), parse: (raw) => (/^\d+$/.test(raw) ? `:${raw}` : raw) },
  email: {
    ...stringKind(checkEmail),
    parse: (raw) => {
      const inner = /<([^>]*)>\s*$/.exec(raw)?.[1] ?? raw.trim();
      const problem = checkEmail(inner);
      if (problem) throw new Error(problem);
      return inner;
    },
  },
  url: stringKind(checkUrl),
  absPath: { ...stringKind(checkAbsolutePath), parse: (raw) => cleanPath(raw) },
  logLevel: stringKind(checkLogLevel),
  bool: { shape: 'boolean', parse: parseBool },
  int: { shape: 'integer', parse: (raw) => parseInteger(raw, false) },
  uint: { shape: 'unsigned', parse: (raw) => parseInteger(raw, true) },
  port: {
    shape: 'integer',
    parse: (raw) => {
      const value = parseInteger(raw, false);
      const problem = checkPort(value);
      if (problem) throw new Error(problem);
      return value;
    },
    check: (value) => [checkPort(value as number)].filter((m): m is string => m !== null),
  },
  stringList: { shape: { array: 'string' }, parse: (raw, sep) => splitList(raw, sep) },
  cidrList: { shape: { array: 'string' }, parse: checkedList(checkCidr), check: listOf(checkCidr) },
  regexList: { shape: { array: 'string' }, parse: checkedList(checkRegex), check: listOf(checkRegex) },
  corsList: { shape: { array: 'string' }, parse: checkedList(checkCorsOrigin), check: listOf(checkCorsOrigin) },
  map: { shape: { map: 'string' }, parse: parseRoutes },
  s3List: { shape: { array: S3_SHAPE }, parse: (raw) => splitList(raw, 'pipe').map(parseS3Url) },
  tenantList: { shape: { array: TENANT_SHAPE }, parse: (raw) => splitList(raw, 'comma').map(parseTenant) },
};
