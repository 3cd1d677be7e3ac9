// Conversions between the API shape and the db.json shape (Core's api.ProcessConfig Marshal/Unmarshal).
import type {
  ProcessConfig,
  ProcessConfigIO,
  ProcessConfigIOCleanup,
  StoredCleanup,
  StoredProcessConfig,
  StoredProcessConfigIO,
} from './types.js';

const MBYTE = 1024 * 1024;

const copyCleanup = (c: ProcessConfigIOCleanup): StoredCleanup => ({
  pattern: c.pattern,
  max_files: c.max_files,
  max_file_age_seconds: c.max_file_age_seconds,
  purge_on_delete: c.purge_on_delete,
});

/** Inputs never keep cleanup rules: Core's Marshal copies them for outputs only. */
function toStoredIO(io: ProcessConfigIO, withCleanup: boolean): StoredProcessConfigIO {
  return {
    id: io.id,
    address: io.address,
    options: [...io.options],
    cleanup: withCleanup ? (io.cleanup ?? []).map(copyCleanup) : [],
  };
}

function fromStoredIO(io: StoredProcessConfigIO, withCleanup: boolean): ProcessConfigIO {
  const out: ProcessConfigIO = { id: io.id, address: io.address, options: [...io.options] };
  // omitempty: an output without rules has no "cleanup" key in Core's responses
  if (withCleanup && io.cleanup.length > 0) out.cleanup = io.cleanup.map(copyCleanup);
  return out;
}

/** `ffversion` is the constraint stamped on create (see ffversion.ts); limits.memory_mbytes becomes bytes. */
export function toStoredConfig(config: ProcessConfig, ffversion: string): StoredProcessConfig {
  return {
    id: config.id,
    reference: config.reference,
    ffversion,
    input: config.input.map((io) => toStoredIO(io, false)),
    output: config.output.map((io) => toStoredIO(io, true)),
    options: [...config.options],
    reconnect: config.reconnect,
    reconnect_delay_seconds: config.reconnect_delay_seconds,
    autostart: config.autostart,
    stale_timeout_seconds: config.stale_timeout_seconds,
    limit_cpu_usage: config.limits.cpu_usage,
    limit_memory_bytes: config.limits.memory_mbytes * MBYTE,
    limit_waitfor_seconds: config.limits.waitfor_seconds,
  };
}

/** Bytes go back to whole megabytes with Go's integer division, as GET /process/{id}/config shows them. */
export function fromStoredConfig(stored: StoredProcessConfig): ProcessConfig {
  return {
    id: stored.id,
    type: 'ffmpeg',
    reference: stored.reference,
    input: stored.input.map((io) => fromStoredIO(io, false)),
    output: stored.output.map((io) => fromStoredIO(io, true)),
    options: [...stored.options],
    reconnect: stored.reconnect,
    reconnect_delay_seconds: stored.reconnect_delay_seconds,
    autostart: stored.autostart,
    stale_timeout_seconds: stored.stale_timeout_seconds,
    limits: {
      cpu_usage: stored.limit_cpu_usage,
      memory_mbytes: Math.floor(stored.limit_memory_bytes / MBYTE),
      waitfor_seconds: stored.limit_waitfor_seconds,
    },
  };
}

/** A deep copy, for callers that resolve placeholders without touching the stored original. */
export function cloneStoredConfig(stored: StoredProcessConfig): StoredProcessConfig {
  const io = (x: StoredProcessConfigIO): StoredProcessConfigIO => ({
    id: x.id,
    address: x.address,
    options: [...x.options],
    cleanup: x.cleanup.map(copyCleanup),
  });
  return { ...stored, input: stored.input.map(io), output: stored.output.map(io), options: [...stored.options] };
}
