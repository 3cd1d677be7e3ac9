// Public API of the config module: schema, defaults, env, migration, validation and the config file store.
export type {
  AllowBlock,
  Auth0Tenant,
  Clock,
  ConfigData,
  ConfigErrors,
  ConfigPath,
  ConfigTimestamps,
  Env,
  LogLevel,
  RandomSource,
  S3StorageAuth,
  S3StorageConfig,
} from './types.js';
export { VARIABLES, derivedEnvName, envNamesOf, findVariable, type Variable } from './variables.js';
export { LOG_LEVELS, type Kind, type Separator } from './kinds.js';
export { defaultConfig, systemClock } from './defaults.js';
export { cryptoRandom, haikunate, randomAlphanumeric, randomString } from './random.js';
export { applyEnv, type EnvResult } from './env.js';
export { CURRENT_VERSION, downgrade, mergeVersioned, migrateConfig, type ConfigVersion } from './migrate.js';
export { validateConfig, type ValidateOptions } from './validate.js';
export { checkPathOnDisk, type PathRequirement } from './fsChecks.js';
export { checkAddress, checkCidr, compileGoRegex, parseAddress, type HostPort } from './checks.js';
export { parseRoutes, parseS3Url, parseTenant } from './envFormats.js';
export { fillGenerated } from './generated.js';
export { resolveConfigPath, userConfigDir, type LocationOptions } from './location.js';
export { writeFileAtomic } from './atomicWrite.js';
export { DirectoryError, makeDirectorySync } from './directories.js';
export { ConfigError, ConfigInputError, ConfigValidationError, ConfigVersionError } from './errors.js';
export {
  ConfigStore,
  type ActiveConfig,
  type ConfigStoreOptions,
  type ConfigView,
  type LoadResult,
} from './store.js';
