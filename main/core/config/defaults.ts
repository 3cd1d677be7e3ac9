// Core's default v3 config, built from the variable table (random id, name and secrets come from `random`).
import { cryptoRandom } from './random.js';
import { setPath, type JsonObject } from './objectPath.js';
import type { Clock, ConfigData, RandomSource } from './types.js';
import { defaultValueOf, VARIABLES } from './variables.js';

export const systemClock: Clock = () => new Date();

export function defaultConfig(random: RandomSource = cryptoRandom, clock: Clock = systemClock): ConfigData {
  const ctx = { random, now: clock() };
  const config: JsonObject = {};
  for (const variable of VARIABLES) setPath(config, variable.path, defaultValueOf(variable, ctx));
  return config as unknown as ConfigData;
}
