// The config file: load (create, migrate, write back), the active config with env, PUT-style updates, timestamps.
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { writeFileAtomic } from './atomicWrite.js';
import { defaultConfig, systemClock } from './defaults.js';
import { applyEnv } from './env.js';
import { ConfigError, ConfigValidationError } from './errors.js';
import { fillGenerated } from './generated.js';
import { resolveConfigPath, userConfigDir } from './location.js';
import { mergeVersioned, type ConfigVersion } from './migrate.js';
import { cloneJson, getPath, jsonEqual, setPath, type JsonObject } from './objectPath.js';
import { cryptoRandom, randomAlphanumeric } from './random.js';
import type { Clock, ConfigData, ConfigErrors, ConfigTimestamps, Env, RandomSource } from './types.js';
import { validateConfig, type ValidateOptions } from './validate.js';
import { VARIABLES } from './variables.js';

export interface ConfigStoreOptions {
  /** The config file. Default: resolveConfigPath(env, { cwd, home, userConfigDir }). */
  path?: string;
  /** Environment used when active()/view()/setPartial() get none. Default: no variables. */
  env?: Env;
  /** Base for relative paths. Default: process.cwd(). */
  cwd?: string;
  home?: string;
  userConfigDir?: string;
  clock?: Clock;
  random?: RandomSource;
  /** Check paths on disk when validating (db.dir creatable, TLS files exist, ...). Default: true. */
  checkFilesystem?: boolean;
}

export interface LoadResult {
  /** The stored config (without env). */
  config: ConfigData;
  /** The file did not exist and was created with first-run provisioning. */
  firstRun: boolean;
  /** First run only: the generated API password for user "admin", to show once. */
  generatedPassword?: string;
  /** The file had layout version 1 or 2 and was migrated. */
  migratedFrom?: 1 | 2;
  /** The file was (re)written during load. */
  written: boolean;
  timestamps: ConfigTimestamps;
}

export interface ActiveConfig {
  /** Stored config with env applied: what the engine runs with. */
  config: ConfigData;
  /** JSON paths overridden by env, sorted. */
  overrides: string[];
  /** Env values that could not be used, per JSON path. */
  errors: ConfigErrors;
  /** Validation of `config`, per JSON path. */
  validation: ConfigErrors;
  valid: boolean;
}

/** The body of GET /api/v3/config. */
export interface ConfigView extends ConfigTimestamps {
  config: ConfigData;
  overrides: string[];
}

const FIRST_RUN_PASSWORD_LENGTH = 24;
const REGENERATED = VARIABLES.filter((v) => v.regenerate).map((v) => v.path);

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the config directory is read-only',
  EACCES: 'no permission to write the config directory',
  EPERM: 'no permission to write the config directory',
};

export class ConfigStore {
  readonly file: string;
  private readonly env: Env;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly validateOptions: ValidateOptions;
  private data: ConfigData | null = null;
  private loadedAt = '';
  private updatedAt = '';

  constructor(options: ConfigStoreOptions = {}) {
    const cwd = options.cwd ?? process.cwd();
    this.env = options.env ?? {};
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? cryptoRandom;
    this.validateOptions = { checkFilesystem: options.checkFilesystem ?? true, cwd };
    const home = options.home ?? os.homedir();
    this.file =
      options.path !== undefined
        ? resolveConfigPath({ CORE_CONFIGFILE: options.path }, { cwd })
        : resolveConfigPath(this.env, {
            cwd,
            home,
            userConfigDir: options.userConfigDir ?? userConfigDir(this.env, process.platform, home),
          });
  }

  /** Same as `file`. */
  get path(): string {
    return this.file;
  }

  /**
   * Reads the file. A missing file is created (Core's defaults plus first-run provisioning: API auth on for
   * "admin" with a generated password, localhost exempt). Older or partial files are migrated, filled with
   * defaults and written back at once. Throws ConfigError naming the file for unreadable/invalid content.
   */
  load(): LoadResult {
    const text = this.readFile();
    let config: ConfigData;
    let raw: unknown;
    let generatedPassword: string | undefined;
    let migratedFrom: ConfigVersion | undefined;
    if (text === null) {
      generatedPassword = randomAlphanumeric(this.random, FIRST_RUN_PASSWORD_LENGTH);
      config = defaultConfig(this.random, this.clock);
      Object.assign(config.api.auth, {
        enable: true,
        username: 'admin',
        password: generatedPassword,
        disable_localhost: true,
      });
    } else {
      try {
        raw = JSON.parse(text);
      } catch (err) {
        throw new ConfigError(`${this.file}: invalid JSON: ${(err as Error).message}`);
      }
      try {
        const merged = mergeVersioned(defaultConfig(this.random, this.clock), raw);
        config = merged.config;
        migratedFrom = merged.version;
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        throw new ConfigError(`${this.file}: ${err.message}`, err.details);
      }
    }
    config = fillGenerated(config, this.random, this.clock()).config;
    const written = text === null || !jsonEqual(raw, config);
    if (written) this.write(config);
    this.data = config;
    this.loadedAt = this.now();
    this.updatedAt = written ? this.loadedAt : this.fileTime();
    return {
      config: cloneJson(config),
      firstRun: text === null,
      ...(generatedPassword !== undefined ? { generatedPassword } : {}),
      ...(migratedFrom === 1 || migratedFrom === 2 ? { migratedFrom } : {}),
      written,
      timestamps: this.timestamps(),
    };
  }

  /** The stored (pending) config, without env. */
  get(): ConfigData {
    return cloneJson(this.stored());
  }

  /**
   * The stored config with env applied. Values that must never be empty (id, name, JWT secret, memfs password
   * while memfs auth is on) are generated when empty and persisted, so they stay stable across restarts.
   */
  active(env: Env = this.env): ActiveConfig {
    let stored = this.stored();
    const switches = applyEnv(stored, env).config;
    const filled = fillGenerated(stored, this.random, this.clock(), switches);
    if (filled.filled.length > 0) {
      this.write(filled.config);
      this.data = stored = filled.config;
    }
    const { config, overrides, errors } = applyEnv(stored, env);
    // An env variable set to "" must not blank a generated secret: the stored one is used instead.
    for (const path of REGENERATED) {
      if (getPath(config, path) === '') setPath(config as unknown as JsonObject, path, getPath(stored, path));
    }
    const validation = validateConfig(config, this.validateOptions);
    return { config, overrides, errors, validation, valid: Object.keys(validation).length === 0 };
  }

  /** The body of GET /api/v3/config: timestamps, the active config and the env overrides. */
  view(env: Env = this.env): ConfigView {
    const { config, overrides } = this.active(env);
    return { ...this.timestamps(), config, overrides };
  }

  /**
   * PUT /api/v3/config: merges a (partial) v1/v2/v3 document onto the stored config, validates the result with env
   * applied, and stores it (without env) as the pending config. Throws ConfigVersionError / ConfigInputError
   * (HTTP 400) or ConfigValidationError (HTTP 409, file unchanged). Takes effect on the next reload.
   */
  setPartial(body: unknown, env: Env = this.env): ConfigData {
    const stored = this.stored();
    const { config } = mergeVersioned(stored, body);
    config.created_at = stored.created_at;
    const errors = validateConfig(applyEnv(config, env).config, this.validateOptions);
    if (Object.keys(errors).length > 0) throw new ConfigValidationError(errors);
    this.save(config);
    return cloneJson(config);
  }

  /** Writes the config atomically and makes it the stored config; `created_at` is kept (set if missing). */
  save(cfg: ConfigData): void {
    const config = cloneJson(cfg);
    if (!config.created_at) config.created_at = this.now();
    this.write(config);
    this.data = config;
    this.updatedAt = this.now();
  }

  /** Called by the engine whenever it (re)starts with the current config. */
  markLoaded(): void {
    this.loadedAt = this.now();
  }

  timestamps(): ConfigTimestamps {
    return { created_at: this.stored().created_at, loaded_at: this.loadedAt, updated_at: this.updatedAt };
  }

  private stored(): ConfigData {
    if (!this.data) throw new ConfigError(`${this.file}: the config has not been loaded`);
    return this.data;
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private readFile(): string | null {
    try {
      return readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new ConfigError(`${this.file}: can't read the config file: ${(err as Error).message}`);
    }
  }

  private fileTime(): string {
    try {
      return statSync(this.file).mtime.toISOString();
    } catch {
      return this.now();
    }
  }

  private write(config: ConfigData): void {
    try {
      writeFileAtomic(this.file, JSON.stringify(config, null, 4));
    } catch (err) {
      // The details say why in words (a full or read-only disk is the usual cause), the message stays Core's.
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const why = WRITE_FAILURES[code] ?? (err as Error).message;
      throw new ConfigError(`${this.file}: can't write the config file: ${(err as Error).message}`, [`the config was not saved: ${why}`]);
    }
  }
}
