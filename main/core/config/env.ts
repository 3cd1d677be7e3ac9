// Applies CORE_* environment variables over a config (they win at runtime but are never persisted).
import { KINDS } from './kinds.js';
import { cloneJson, setPath, type JsonObject } from './objectPath.js';
import type { ConfigData, ConfigErrors, Env } from './types.js';
import { envNamesOf, VARIABLES } from './variables.js';

export interface EnvResult {
  config: ConfigData;
  /** JSON paths whose value comes from the environment, sorted. */
  overrides: string[];
  /** Env values that do not parse, keyed by JSON path; such values are not applied. */
  errors: ConfigErrors;
}

const MEMFS_USERNAME = 'storage.memory.auth.username';
const MEMFS_PASSWORD = 'storage.memory.auth.password';
const MEMFS_ENABLE = 'storage.memory.auth.enable';

export function applyEnv(cfg: ConfigData, env: Env): EnvResult {
  const config = cloneJson(cfg);
  const overrides = new Set<string>();
  const errors: ConfigErrors = {};
  for (const variable of VARIABLES) {
    const name = envNamesOf(variable).find((candidate) => env[candidate] !== undefined);
    if (name === undefined) continue;
    const raw = env[name]!;
    try {
      const value = KINDS[variable.kind].parse(raw, variable.separator ?? 'comma');
      setPath(config as unknown as JsonObject, variable.path, value);
      overrides.add(variable.path);
    } catch (err) {
      const reason = (err as Error).message;
      (errors[variable.path] ??= []).push(`${name}=${JSON.stringify(raw)} can't be used for ${variable.path}: ${reason}`);
    }
  }
  // Core: setting both memfs credentials by env switches memfs auth on (both empty switches it off).
  if (overrides.has(MEMFS_USERNAME) && overrides.has(MEMFS_PASSWORD)) {
    const { username, password } = config.storage.memory.auth;
    config.storage.memory.auth.enable = username !== '' || password !== '';
    overrides.add(MEMFS_ENABLE);
  }
  return { config, overrides: [...overrides].sort(), errors };
}
