// Composition root: builds every service from the config, and starts, stops and reloads the engine.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ConfigStore, ConfigValidationError, type ConfigData } from './config/index.js';
import { LogHub, type ConsoleSink, type Logger } from './log/Logger.js';
import { ApiError } from './http/ApiError.js';
import { ConfigConflict, type ConfigApi } from './http/deps.js';
import { MemFilesystem } from './fs/MemFilesystem.js';
import { withDetectedHosts } from './net/hostAddresses.js';
import { HlsSessions, SessionRegistry } from './session/index.js';
import { startRuntime, stopRuntime, type Runtime } from './runtime.js';
import type { ProcessDeps } from './process/FfmpegProcess.js';

export interface CoreOptions {
  /** Environment for CORE_* overrides; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Base for relative paths (config file, db.dir, storage dirs); defaults to process.cwd(). */
  cwd?: string;
  /** Where log lines go besides the ring buffer; defaults to stderr. */
  console?: ConsoleSink;
  /** Login failure delay base (ms); tests shorten it. */
  loginDelayMs?: number;
  /** The built control UI, served at /ui/ unless router.ui_path names another directory. */
  uiDir?: string;
  /** The project's resources/ (default mime.types, a bundled ffmpeg); defaults to ./resources under cwd. */
  resourcesDir?: string;
  /** Test hook for the supervised children (spawner, clock, kill timeout). */
  processDeps?: Omit<ProcessDeps, 'logger' | 'onStateChange'>;
}

export interface CoreUrls {
  api: string;
  swagger: string;
  ui: string;
}

/** A config the engine refuses to start with; names every bad key. */
export class StartupError extends Error {
  constructor(readonly problems: Record<string, string[]>) {
    super(
      'invalid configuration:\n' +
        Object.entries(problems)
          .map(([key, messages]) => `  ${key}: ${messages.join('; ')}`)
          .join('\n'),
    );
  }
}

export class Core {
  readonly store: ConfigStore;
  readonly logs: LogHub;
  /** memfs lives as long as the engine object: it survives config reloads. */
  readonly memfs = new MemFilesystem();
  /** Viewer sessions and their history survive config reloads too. */
  private sessionState: { registry: SessionRegistry; hls: HlsSessions } | null = null;
  private readonly log: Logger;
  private readonly env: Record<string, string | undefined>;
  private readonly cwd: string;
  private runtime: Runtime | null = null;
  private reloading: Promise<void> | null = null;
  /** Set on the very first start of a new installation: the generated admin password, to print once. */
  firstRunPassword: string | null = null;

  constructor(private readonly options: CoreOptions = {}) {
    this.env = options.env ?? process.env;
    this.cwd = options.cwd ?? process.cwd();
    this.logs = new LogHub({ level: 'info', topics: [], maxLines: 1000 }, options.console);
    this.log = this.logs.logger('core');
    this.store = new ConfigStore({ env: this.env, cwd: this.cwd });
  }

  get configFile(): string {
    return this.store.file;
  }

  get running(): boolean {
    return this.runtime !== null;
  }

  /** Loads the config (creating or migrating the file) and starts every service. */
  async start(): Promise<void> {
    if (this.runtime) return;
    const loaded = this.store.load();
    if (loaded.firstRun) this.firstRunPassword = loaded.generatedPassword ?? null;
    this.runtime = await this.startRuntime();
  }

  async stop(): Promise<void> {
    await this.reloading?.catch(() => undefined);
    const runtime = this.runtime;
    this.runtime = null;
    if (runtime) await this.stopRuntime(runtime);
    // Ends the open sessions into the history and persists it (when sessions.persist is on).
    this.sessionState?.registry.close();
    this.sessionState = null;
  }

  /** Restarts every service with the stored config; what must survive (memfs, logs) lives on this object. */
  async reload(): Promise<void> {
    if (this.reloading) return this.reloading;
    this.reloading = (async () => {
      const previous = this.runtime;
      if (previous) await this.stopRuntime(previous);
      this.runtime = null;
      try {
        this.runtime = await this.startRuntime();
      } catch (error) {
        this.log.error('reload failed, keeping the previous configuration', { error: (error as Error).message });
        if (previous) this.runtime = await this.startRuntime(previous.config);
      }
    })().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  /** Answers a request through the same routes as HTTP (the IPC transport uses this). */
  async inject(request: InjectOptions): Promise<LightMyRequestResponse> {
    if (this.reloading) await this.reloading;
    if (!this.runtime) throw new Error('the engine is not running');
    return this.runtime.http.inject(request);
  }

  urls(): CoreUrls {
    if (!this.runtime) throw new Error('the engine is not running');
    const base = `http://${this.runtime.host}:${this.runtime.port}`;
    return { api: `${base}/api`, swagger: `${base}/api/swagger/index.html`, ui: `${base}/ui/` };
  }

  /** The RTMP port, or null while the server is off. */
  get rtmpPort(): number | null {
    return this.runtime?.rtmp?.port ?? null;
  }

  /** The SRT port, or null while the server is off. */
  get srtPort(): number | null {
    return this.runtime?.srt?.port ?? null;
  }

  /** The HTTPS port, or null without TLS. */
  get securePort(): number | null {
    return this.runtime?.secure?.port ?? null;
  }

  /** Resolves once the start's background work (probing FFmpeg's skills and encoders) is done. */
  async settled(): Promise<void> {
    await this.runtime?.skills.get().catch(() => undefined);
  }

  /** Whether the running config requires a login for the API, and the admin's name. */
  get apiAuth(): { enabled: boolean; username: string } {
    const auth = this.runtime?.config.api.auth;
    return { enabled: auth?.enable ?? false, username: auth?.username ?? '' };
  }

  /** The port the HTTP API listens on (useful when configured as :0). */
  get port(): number {
    if (!this.runtime) throw new Error('the engine is not running');
    return this.runtime.port;
  }

  private activeConfig(): ConfigData {
    const active = this.store.active();
    const problems = { ...active.errors, ...(active.valid ? {} : active.validation) };
    if (Object.keys(problems).length > 0) throw new StartupError(problems);
    return withDetectedHosts(active.config);
  }

  private async startRuntime(fixedConfig?: ConfigData): Promise<Runtime> {
    const config = fixedConfig ?? this.activeConfig();
    this.logs.configure({ level: config.log.level, topics: config.log.topics, maxLines: config.log.max_lines });
    const runtime = await startRuntime(config, {
      logs: this.logs,
      memfs: this.memfs,
      configApi: this.configApi(),
      cwd: this.cwd,
      env: this.env,
      uiDir: this.options.uiDir,
      resourcesDir: this.options.resourcesDir,
      loginDelayMs: this.options.loginDelayMs,
      processDeps: this.options.processDeps,
      sessions: (settings, dbDir) => {
        if (this.sessionState) {
          this.sessionState.registry.reconfigure(settings, dbDir);
        } else {
          const registry = new SessionRegistry({ settings, dbDir, logger: this.logs.logger('session') });
          this.sessionState = { registry, hls: new HlsSessions({ egress: registry.collector('hls'), ingress: registry.collector('hlsingress') }) };
        }
        return this.sessionState;
      },
    });
    this.store.markLoaded();
    return runtime;
  }

  private async stopRuntime(runtime: Runtime): Promise<void> {
    await stopRuntime(runtime, this.log);
  }

  private configApi(): ConfigApi {
    return {
      view: () => {
        const view = this.store.view();
        return { ...view, config: withDetectedHosts(view.config) };
      },
      update: (body) => {
        try {
          this.store.setPartial(body);
        } catch (error) {
          if (error instanceof ConfigValidationError) throw new ConfigConflict(error.fields);
          if (error instanceof Error && 'details' in error) {
            throw new ApiError(400, error.message, (error as Error & { details: string[] }).details);
          }
          throw error;
        }
      },
      scheduleReload: () => {
        void this.reload();
      },
    };
  }
}

export function createCore(options: CoreOptions = {}): Core {
  return new Core(options);
}
