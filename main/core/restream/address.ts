// Which input and output addresses a process may use: Core's URL check, allow/block lists and the disk sandbox.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { hasScheme, urlError } from './url.js';

export { parseReference, resolveAddress, resolveAddresses, type OutputReference } from './reference.js';

/** ffmpeg.access.{input,output}: a blocked match always loses; a non-empty allow list must match. */
export interface AccessList {
  allow: RegExp[];
  block: RegExp[];
}

export interface AddressRules {
  /** Absolute storage.disk.dir: local output files must be inside it. */
  diskDir: string;
  input?: AccessList;
  output?: AccessList;
  /** Base for relative paths (Go's filepath.Abs uses the working directory). */
  cwd?: string;
}

/** Compiles config regex strings; an invalid one is reported by its text (Core refuses to start then). */
export function compileAccessList(allow: readonly string[], block: readonly string[]): AccessList {
  const compile = (p: string) => {
    try {
      return new RegExp(p, 'u');
    } catch (err) {
      throw new Error(`invalid address pattern '${p}': ${(err as Error).message}`);
    }
  };
  return { allow: allow.map(compile), block: block.map(compile) };
}

export function isAllowed(list: AccessList | undefined, address: string): boolean {
  if (!list) return true;
  if (list.block.some((re) => re.test(address))) return false;
  return list.allow.length === 0 || list.allow.some((re) => re.test(address));
}

/** `address` is what Core returns (also on error, where it names the offending part); `error` says why. */
export interface AddressCheck {
  address: string;
  isFile: boolean;
  error?: string;
}

const NOT_ALLOWED = 'address is not allowed';

/** Inputs are only URL-checked and matched against the access list: lavfi sources and devices are not paths. */
export function validateInputAddress(address: string, rules: AddressRules): AddressCheck {
  if (hasScheme(address)) {
    const error = urlError(address);
    if (error) return { address, isFile: false, error };
  }
  if (!isAllowed(rules.input, address)) return { address, isFile: false, error: NOT_ALLOWED };
  return { address, isFile: false };
}

const TEE_OPTIONS = /^\[[^\]]*\]/u;

/** A tee muxer address (`[opts]a|[opts]b`) is checked part by part; each part keeps its option block. */
function validateTee(address: string, rules: AddressRules): AddressCheck {
  let isFile = false;
  const parts: string[] = [];
  for (const part of address.split('|')) {
    const options = TEE_OPTIONS.exec(part)?.[0] ?? '';
    const checked = validateOutputAddress(part.slice(options.length), rules);
    if (checked.error !== undefined) return { address, isFile: false, error: checked.error };
    isFile ||= checked.isFile;
    parts.push(options + checked.address);
  }
  return { address: parts.join('|'), isFile };
}

/** `md5:`, `crypto:` and friends: the wrapping protocol (with its colon) and the address it wraps. */
const FILE_WRAPPERS = /^((?:md5|crypto|cache|async|subfile|concat|concatf):)(.*)$/su;

/** The real path of the deepest part of `file` that exists, with the rest appended (outputs may not exist yet). */
function realPathOfExisting(file: string): string {
  let existing = file;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return file;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/** True when `file` is the directory itself or below it (a bare prefix test would admit `/data2` for `/data`). */
function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  const up = relative === '..' || relative.startsWith('..' + path.sep);
  return !up && !path.isAbsolute(relative);
}

/**
 * Core's validateOutputAddress: `-` becomes `pipe:`, URLs pass (access list permitting), anything else is a
 * path made absolute that must be a device under /dev/ or lie inside the disk dir, and is returned as
 * `file:/abs`. `isFile` tells whether the process writes into the disk dir.
 */
export function validateOutputAddress(address: string, rules: AddressRules): AddressCheck {
  if (address.includes('|') || address.startsWith('[')) return validateTee(address, rules);

  // FFmpeg protocols that wrap another address write to what they wrap (md5:/etc/x writes /etc/x): check that one.
  // Core lets these through as URLs; here they get the same rules as the address inside.
  const wrapper = FILE_WRAPPERS.exec(address);
  if (wrapper) {
    if (wrapper[2] === '') return { address, isFile: false }; // md5: alone prints to stdout
    const inner = validateOutputAddress(wrapper[2]!, rules);
    return inner.error !== undefined ? inner : { address: wrapper[1]! + inner.address, isFile: inner.isFile };
  }

  const bare = address.startsWith('file:') ? address.slice('file:'.length) : address;
  if (hasScheme(bare)) {
    const error = urlError(bare);
    if (error) return { address: bare, isFile: false, error };
    if (!isAllowed(rules.output, bare)) return { address: bare, isFile: false, error: NOT_ALLOWED };
    return { address: bare, isFile: false };
  }
  if (bare === '-') return { address: 'pipe:', isFile: false };

  const file = path.resolve(rules.cwd ?? process.cwd(), bare);
  const allowed = isAllowed(rules.output, 'file:' + file);
  if (file.startsWith('/dev/')) {
    return allowed ? { address: 'file:' + file, isFile: false } : { address: file, isFile: false, error: NOT_ALLOWED };
  }
  const base = path.resolve(rules.diskDir);
  if (!isInside(file, base)) return { address: file, isFile: false, error: `${file} is not inside of ${base}` };
  // A symlinked folder inside the disk dir may lead out of it: judge where the path really goes.
  if (!isInside(realPathOfExisting(file), realPathOfExisting(base))) return { address: file, isFile: false, error: `${file} is not inside of ${base}` };
  if (!allowed) return { address: file, isFile: false, error: NOT_ALLOWED };
  return { address: 'file:' + file, isFile: true };
}
