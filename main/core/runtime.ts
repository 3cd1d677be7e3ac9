// One run of the engine for one config: builds the services, listens, and tears them down on stop or reload.
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { makeDirectorySync, type ConfigData, type S3StorageConfig } from './config/index.js';
import type { S3Filesystem } from './fs/S3Filesystem.js';
import type { HlsSessions, SessionRegistry } from './session/index.js';
import type { LogHub, Logger } from './log/Logger.js';
import { JwtIssuer } from './auth/JwtIssuer.js';
import { LoginThrottle } from './auth/LoginThrottle.js';
import { ApiAuth } from './auth/ApiAuth.js';
import { Auth0Verifier } from './auth/Auth0Verifier.js';
import { buildHttpServer } from './http/server.js';
import { ApiError } from './http/ApiError.js';
import type { ConfigApi, EngineIdentity, HttpDeps } from './http/deps.js';
import { localHostFor, parseListenAddress } from './net/listenAddress.js';
import type { MemFilesystem } from './fs/MemFilesystem.js';
import { DiskFilesystem } from './fs/DiskFilesystem.js';
import { MimeTypes } from './fs/MimeTypes.js';
import type { Filesystem } from './fs/Filesystem.js';
import { resolveFfmpegBinary } from './ffmpeg/binary.js';
import { SkillsCache } from './ffmpeg/SkillsCache.js';
import { Restream } from './restream/Restream.js';
import { compileAccessList } from './restream/address.js';
import { createDefaultTemplates } from './restream/replace/templates.js';
import { templateSettingsFromConfig } from './restream/replace/settings.js';
import type { ProcessDeps } from './process/FfmpegProcess.js';
import { startGcControl } from './debug/gc.js';
import { createSystemSource, MetricsCollector, PrometheusExporter } from './metrics/index.js';
import { engineMetricsSource } from './metricsSource.js';
import { createAcme, startSecureListener, type SecureListener } from './secureListener.js';
import { startRtmp, startSrt } from './streamServers.js';
import type { SrtServer } from './srt/index.js';
import type { RtmpServer } from './rtmp/index.js';

/** What outlives a single run: the log, memfs, the config API. */
export interface SharedServices {
  logs: LogHub;
  memfs: MemFilesystem;
  configApi: ConfigApi;
  cwd: string;
  env: Record<string, string | undefined>;
  uiDir?: string;
  resourcesDir?: string;
  loginDelayMs?: number;
  /** Sessions outlive reloads: the registry is created once and reconfigured with each config. */
  sessions(settings: ConfigData['sessions'], dbDir: string): { registry: SessionRegistry; hls: HlsSessions };
  /** Test hook: spawner/clock/kill timeout for the supervised children. */
  processDeps?: Omit<ProcessDeps, 'logger' | 'onStateChange'>;
}

export interface Runtime {
  config: ConfigData;
  identity: EngineIdentity;
  http: FastifyInstance;
  port: number;
  host: string;
  restream: Restream;
  skills: SkillsCache;
  /** The HTTPS listener, when tls.enable and a certificate could be had. */
  secure: SecureListener | null;
  rtmp: RtmpServer | null;
  srt: SrtServer | null;
  /** Releases what the run holds besides the listener (S3 clients). */
  close(): void;
}

export async function startRuntime(config: ConfigData, shared: SharedServices): Promise<Runtime> {
  const log = shared.logs.logger('core');
  const dbDir = path.resolve(shared.cwd, config.db.dir);
  makeDirectorySync(dbDir);

  const identity: EngineIdentity = { id: config.id, name: config.name, startedAt: new Date() };
  const throttle = new LoginThrottle({ baseDelayMs: shared.loginDelayMs ?? 1000 });
  const auth = new ApiAuth(
    {
      enable: config.api.auth.enable,
      disableLocalhost: config.api.auth.disable_localhost,
      username: config.api.auth.username,
      password: config.api.auth.password,
    },
    new JwtIssuer({ secret: config.api.auth.jwt.secret }),
    throttle,
    config.api.auth.auth0.enable ? new Auth0Verifier(config.api.auth.auth0.tenants) : null,
  );

  // PATH is the machine's, not part of the engine's CORE_* environment.
  const binary = resolveFfmpegBinary(config.ffmpeg.binary, { bundledDir: shared.resourcesDir, env: process.env });
  const skills = new SkillsCache(binary, path.join(dbDir, 'hwencoders.json'), shared.logs.logger('ffmpeg'));

  const disk = await DiskFilesystem.open(path.resolve(shared.cwd, config.storage.disk.dir), config.storage.disk.max_size_mbytes * 1024 * 1024);
  shared.memfs.setLimits({ maxBytes: config.storage.memory.max_size_mbytes * 1024 * 1024, purge: config.storage.memory.purge });
  const s3 = await openS3Storages(config, shared.logs.logger('s3'));
  const filesystems = new Map<string, Filesystem>([
    ['disk', disk],
    ['mem', shared.memfs],
    ...s3.map(({ filesystem }) => [filesystem.name, filesystem] as [string, Filesystem]),
  ]);
  const mimeTypes = loadMimeTypes(config.storage.mimetypes_file, shared, log);
  const { registry: sessions, hls } = shared.sessions(config.sessions, dbDir);

  let restream: Restream | null = null;
  let secure: SecureListener | null = null;
  let rtmp: RtmpServer | null = null;
  let srt: SrtServer | null = null;
  const metrics = createMetrics(config, {
    startedAt: identity.startedAt,
    filesystems,
    restream: () => restream,
    sessions,
    diskDir: disk.root,
    logger: shared.logs.logger('metrics'),
  });
  const acme = createAcme(config, dbDir, shared.env as NodeJS.ProcessEnv, shared.logs.logger('tls'));
  const deps: HttpDeps = {
    acmeChallenge: acme ? (token) => acme.challengeResponse(token) : undefined,
    metrics,
    logger: shared.logs.logger('http'),
    logs: shared.logs,
    auth,
    engine: () => identity,
    config: shared.configApi,
    uiDir: config.router.ui_path ? path.resolve(shared.cwd, config.router.ui_path) : shared.uiDir,
    mounts: [
      {
        filesystem: shared.memfs,
        mountpoint: '/memfs',
        auth: config.storage.memory.auth,
        mimeTypes,
        bodyLimit: (config.storage.memory.max_size_mbytes > 0 ? config.storage.memory.max_size_mbytes : 1024) * 1024 * 1024,
        hls,
        throttle,
      },
      ...s3.map(({ filesystem, settings }) => ({
        filesystem,
        mountpoint: settings.mountpoint,
        auth: settings.auth,
        mimeTypes,
        bodyLimit: 8 * 1024 * 1024 * 1024,
        hls,
        throttle,
      })),
    ],
    restream: () => {
      if (!restream) throw new ApiError(503, 'Service Unavailable', ['the engine is starting']);
      return restream;
    },
    disk: {
      disk,
      mimeTypes,
      blockedPrefixes: config.router.blocked_prefixes,
      hls,
      cache: {
        enable: config.storage.disk.cache.enable,
        maxBytes: config.storage.disk.cache.max_size_mbytes * 1024 * 1024,
        ttlSeconds: config.storage.disk.cache.ttl_seconds,
        maxFileBytes: config.storage.disk.cache.max_file_size_mbytes * 1024 * 1024,
        allow: config.storage.disk.cache.types.allow.map((type) => type.toLowerCase()),
        block: config.storage.disk.cache.types.block.map((type) => type.toLowerCase()),
      },
    },
    routes: config.router.routes,
    cwd: shared.cwd,
    corsOrigins: config.storage.cors.origins,
    readOnly: config.api.read_only,
    profiling: config.debug.profiling,
    access: config.api.access,
    skills,
    filesystems: () => [
      { filesystem: disk, mountpoint: '/' },
      { filesystem: shared.memfs, mountpoint: '/memfs' },
      ...s3.map(({ filesystem, settings }) => ({ filesystem, mountpoint: settings.mountpoint })),
    ],
    sessions,
    httpSessions: sessions.collector('http'),
    rtmp: () => rtmp,
    srt: () => srt,
  };
  const http = await buildHttpServer(deps);
  const listen = parseListenAddress(config.address);
  await http.listen({ port: listen.port, host: listen.host ?? '::', ipv6Only: false });
  // Probed in the background once the API answers (spawning FFmpeg competes with the start for the CPU); the
  // first process creation waits for the version.
  skills.get().catch(() => undefined);
  const bound = http.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : listen.port;

  try {
    // After the plain listener: Let's Encrypt validates through it; RTMPS uses the same certificate.
    secure = await startSecureListener(config, deps, acme, shared.logs.logger('tls'));
    rtmp = await startRtmp(config, secure, sessions, shared.logs.logger('rtmp'));
    srt = await startSrt(config, sessions, shared.logs.logger('srt'));
    // {memfs}, {rtmp} and friends must point at the ports really bound (the config may say :0).
    const settings = templateSettingsFromConfig(config, shared.cwd);
    const templates = createDefaultTemplates({
      ...settings,
      httpAddress: `${listen.host ?? ''}:${port}`,
      rtmp: rtmp && settings.rtmp ? { ...settings.rtmp, address: `${parseListenAddress(config.rtmp.address).host ?? ''}:${rtmp.port}` } : settings.rtmp,
      srt: srt && settings.srt ? { ...settings.srt, address: `${parseListenAddress(config.srt.address).host ?? ''}:${srt.port}` } : settings.srt,
    });
    restream = await Restream.open({
      dbDir,
      binary,
      ffmpegVersion: () => skills.version(),
      maxProcesses: config.ffmpeg.max_processes,
      logMaxLines: config.ffmpeg.log.max_lines,
      logMaxHistory: config.ffmpeg.log.max_history,
      templates,
      rules: {
        diskDir: disk.root,
        input: compileAccessList(config.ffmpeg.access.input.allow, config.ffmpeg.access.input.block),
        output: compileAccessList(config.ffmpeg.access.output.allow, config.ffmpeg.access.output.block),
        cwd: shared.cwd,
      },
      filesystems,
      logger: shared.logs.logger('restream'),
      processDeps: shared.processDeps,
      sessions: sessions.collector('ffmpeg'),
    });
  } catch (error) {
    await srt?.stop();
    await rtmp?.stop();
    await secure?.stop();
    await http.close();
    for (const { filesystem } of s3) filesystem.close();
    throw error;
  }
  restream.start();
  const stopGc = startGcControl({ forceGcSeconds: config.debug.force_gc, memoryLimitMbytes: config.debug.memory_limit_mbytes }, log);
  log.info('engine started', { address: config.address, port, id: config.id, name: config.name, ffmpeg: binary });
  return { config, identity, http, port, host: localHostFor(listen), restream, skills, secure, rtmp, srt, close: () => {
      stopGc();
      metrics.collector.stop();
      s3.forEach(({ filesystem }) => filesystem.close());
    },
  };
}

/** Opens every storage.s3 entry; one that cannot be reached stops the start with a message naming it. */
async function openS3Storages(config: ConfigData, logger: Logger): Promise<Array<{ filesystem: S3Filesystem; settings: S3StorageConfig }>> {
  const opened: Array<{ filesystem: S3Filesystem; settings: S3StorageConfig }> = [];
  if (config.storage.s3.length === 0) return opened;
  // The AWS SDK is over 1 MB of code: load it only for engines that mount S3.
  const { S3Filesystem } = await import('./fs/S3Filesystem.js');
  for (const settings of config.storage.s3) {
    opened.push({ filesystem: await S3Filesystem.open(settings, { logger }), settings });
  }
  return opened;
}

export async function stopRuntime(runtime: Runtime, logger: Logger): Promise<void> {
  await runtime.restream.stop();
  await runtime.rtmp?.stop();
  await runtime.srt?.stop();
  await runtime.secure?.stop();
  await runtime.http.close();
  runtime.close();
  logger.info('engine stopped');
}

function loadMimeTypes(configured: string, shared: SharedServices, log: Logger): MimeTypes {
  const candidates = [path.resolve(shared.cwd, configured), path.join(shared.resourcesDir ?? path.resolve(shared.cwd, 'resources'), 'mime.types')];
  for (const file of candidates) {
    if (existsSync(file)) return MimeTypes.fromFile(file);
  }
  log.warn('no mime.types file found, files are served as application/data', { mimetypes_file: configured });
  return MimeTypes.parse('');
}

function createMetrics(
  config: ConfigData,
  parts: Parameters<typeof engineMetricsSource>[0] & { diskDir: string; logger: Logger },
): { collector: MetricsCollector; prometheus: PrometheusExporter | null } {
  const system = createSystemSource({ gpu: true });
  const collector = new MetricsCollector({
    system,
    engine: engineMetricsSource(parts),
    enable: config.metrics.enable,
    rangeSec: config.metrics.range_sec,
    intervalSec: config.metrics.interval_sec,
    diskPaths: [parts.diskDir],
    gpu: true,
    logger: parts.logger,
  });
  if (config.metrics.enable) collector.start();
  const prometheus = config.metrics.enable && config.metrics.enable_prometheus ? new PrometheusExporter({ collector, system, coreId: config.id }) : null;
  return { collector, prometheus };
}
