// Turns a create/update request body into a complete ProcessConfig, the way Core's process handler does.
import { decodeGo, goBool, goFloat64, goString, goUint, goUint64, type GoType, type GoValue } from './decode.js';
import { ProcessBodyError } from './errors.js';
import { shortUuid } from './shortuuid.js';
import type { ProcessConfig, ProcessConfigIO, ProcessConfigIOCleanup } from './types.js';

const cleanupType: GoType = {
  kind: 'struct',
  name: 'api.ProcessConfigIOCleanup',
  fields: { pattern: goString, max_files: goUint, max_file_age_seconds: goUint, purge_on_delete: goBool },
};

const ioType: GoType = {
  kind: 'struct',
  name: 'api.ProcessConfigIO',
  fields: {
    id: goString,
    address: goString,
    options: { kind: 'slice', of: goString, name: '[]string' },
    cleanup: { kind: 'slice', of: cleanupType, name: '[]api.ProcessConfigIOCleanup' },
  },
};

const processConfigType: GoType = {
  kind: 'struct',
  name: 'api.ProcessConfig',
  fields: {
    id: goString,
    type: goString,
    reference: goString,
    input: { kind: 'slice', of: ioType, name: '[]api.ProcessConfigIO' },
    output: { kind: 'slice', of: ioType, name: '[]api.ProcessConfigIO' },
    options: { kind: 'slice', of: goString, name: '[]string' },
    reconnect: goBool,
    reconnect_delay_seconds: goUint64,
    autostart: goBool,
    stale_timeout_seconds: goUint64,
    limits: {
      kind: 'struct',
      name: 'api.ProcessConfigLimits',
      fields: { cpu_usage: goFloat64, memory_mbytes: goUint64, waitfor_seconds: goUint64 },
    },
  },
};

// The decoded struct before defaults are applied: slices may still be nil (null).
interface LooseIO {
  id: string;
  address: string;
  options: string[] | null;
  cleanup?: ProcessConfigIOCleanup[] | null;
}
type LooseConfig = Omit<ProcessConfig, 'input' | 'output' | 'options' | 'type'> & {
  type: string;
  input: LooseIO[] | null;
  output: LooseIO[] | null;
  options: string[] | null;
};

export interface NormalizeOptions {
  /**
   * Update (PUT): the body is decoded over this config, so omitted fields keep their values and arrays merge
   * by index (Core 16.12+ partial updates). Pass fromStoredConfig(stored, unresolved config), as Core pre-fills
   * from the stored config. Without it the body creates a new process (POST).
   */
  current?: ProcessConfig;
  /** Source of generated ids (process id on create, empty io ids); defaults to Core's shortuuid. */
  newId?: () => string;
}

function prefill(options: NormalizeOptions, newId: () => string): LooseConfig {
  if (options.current) return { ...structuredClone(options.current), type: 'ffmpeg' };
  return {
    id: newId(),
    type: 'ffmpeg',
    reference: '',
    input: null,
    output: null,
    options: null,
    reconnect: false,
    reconnect_delay_seconds: 0,
    autostart: true, // Core's Add handler pre-fills autostart=true before binding the body
    stale_timeout_seconds: 0,
    limits: { cpu_usage: 0, memory_mbytes: 0, waitfor_seconds: 0 },
  };
}

/** go-playground/validator's message for a failed tag, as Core returns it in `details`. */
const tagFailed = (field: string, tag: string) =>
  `Key: 'ProcessConfig.${field}' Error:Field validation for '${field}' failed on the '${tag}' tag`;

/** api.ProcessConfig's `validate` tags: type oneof 'ffmpeg' '', input and output required (non-nil). */
function validateTags(config: LooseConfig): void {
  const failures: string[] = [];
  if (config.type !== 'ffmpeg' && config.type !== '') failures.push(tagFailed('Type', 'oneof'));
  if (config.input === null) failures.push(tagFailed('Input', 'required'));
  if (config.output === null) failures.push(tagFailed('Output', 'required'));
  // Core's validator joins the failures with newlines and api.Err splits details on them again
  if (failures.length > 0) throw new ProcessBodyError('Invalid JSON', failures);
}

/** Empty io ids get a fresh id that is unique among the ids of the same list (Core's generateInputOutputIDs). */
function finishIOs(list: LooseIO[], withCleanup: boolean, newId: () => string): ProcessConfigIO[] {
  const used = new Set(list.map((io) => io.id).filter((id) => id.length > 0));
  return list.map((io) => {
    let id = io.id;
    while (id.length === 0) {
      const candidate = newId();
      if (!used.has(candidate)) id = candidate;
    }
    used.add(id);
    const out: ProcessConfigIO = { id, address: io.address, options: io.options ?? [] };
    // Core keeps cleanup rules of outputs only and omits an empty list
    if (withCleanup && io.cleanup && io.cleanup.length > 0) out.cleanup = io.cleanup;
    return out;
  });
}

/**
 * Applies Core's defaults (generated id, type ffmpeg, autostart true on create), decodes the body with Go's
 * rules, enforces the handler's checks and generates missing io ids. Throws ProcessBodyError with Core's
 * message and details. Address, id-uniqueness and reference checks come later (prepareProcess), as in Core.
 */
export function normalizeProcessConfig(body: unknown, options: NormalizeOptions = {}): ProcessConfig {
  const newId = options.newId ?? (() => shortUuid());
  const decoded = decodeGo(processConfigType, body, prefill(options, newId) as unknown as GoValue);
  if (decoded.error !== undefined) throw new ProcessBodyError('Invalid JSON', [decoded.error]);
  const config = decoded.value as unknown as LooseConfig;

  validateTags(config);
  const input = config.input ?? [];
  const output = config.output ?? [];
  if (!options.current) {
    // Only the create handler checks these; an update with no inputs fails later in the registry
    if (config.type !== 'ffmpeg') {
      throw new ProcessBodyError('Unsupported process type', ['Supported process types are: ffmpeg']);
    }
    if (input.length === 0 || output.length === 0) {
      throw new ProcessBodyError('At least one input and one output need to be defined');
    }
  }

  return {
    id: config.id,
    type: 'ffmpeg',
    reference: config.reference,
    input: finishIOs(input, false, newId),
    output: finishIOs(output, true, newId),
    options: config.options ?? [],
    reconnect: config.reconnect,
    reconnect_delay_seconds: config.reconnect_delay_seconds,
    autostart: config.autostart,
    stale_timeout_seconds: config.stale_timeout_seconds,
    limits: { ...config.limits },
  };
}

/** PUT semantics: the body laid over the current config. */
export function mergeProcessConfig(current: ProcessConfig, body: unknown, newId?: () => string): ProcessConfig {
  return normalizeProcessConfig(body, newId ? { current, newId } : { current });
}
