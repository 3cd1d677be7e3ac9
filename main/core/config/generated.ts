// Fills values that must never be empty at runtime (id, name, JWT secret, memfs password) from their generators.
import { cloneJson, getPath, setPath, type JsonObject } from './objectPath.js';
import type { ConfigData, RandomSource } from './types.js';
import { defaultValueOf, VARIABLES } from './variables.js';

export interface FillResult {
  config: ConfigData;
  /** JSON paths that got a generated value. */
  filled: string[];
}

/** `switches` is where on/off conditions are read (the env-applied config); default `cfg` itself. */
export function fillGenerated(cfg: ConfigData, random: RandomSource, now: Date, switches: ConfigData = cfg): FillResult {
  const config = cloneJson(cfg);
  const filled: string[] = [];
  for (const variable of VARIABLES) {
    const when = variable.regenerate;
    if (!when || getPath(config, variable.path) !== '') continue;
    if (when !== true && getPath(switches, when) !== true) continue;
    setPath(config as unknown as JsonObject, variable.path, defaultValueOf(variable, { random, now }));
    filled.push(variable.path);
  }
  return { config, filled };
}
