// The real electron-updater code paths (AppImage updater, generic provider, Node HTTP) against a feed on 127.0.0.1,
// with a stand-in for Electron's app: check, download with progress, checksum refusal, channels, install on quit.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor.js';
import { createElectronUpdaterBackend, detectInstallKind, ElectronUpdaterBackend } from '../../main/desktop/electronUpdater.js';
import { packagedUpdaterBackend, type DesktopElectron } from '../../main/desktop/main.js';
import { DEFAULT_SETTINGS } from '../../main/desktop/settings.js';
import { UpdateController, type UpdateState } from '../../main/desktop/updater.js';
import type { AppLog } from '../../main/desktop/logs.js';
import { FakeApp } from './fakeElectron.js';

/**
 * electron-updater's HTTP executor with Node's http module in place of Electron's net.request (the only part of it that
 * needs Electron); downloads, redirects, retries and checksums stay electron-updater's code.
 */
class NodeHttpExecutor extends ElectronHttpExecutor {
  constructor() {
    super(() => undefined);
  }
  override createRequest(options: any, callback: (response: any) => void): any {
    const { redirect: _redirect, ...rest } = options;
    return http.request({ ...rest, agent: false }, callback);
  }
  // Node reports redirects as 3xx responses, which the base class follows.
  override addRedirectHandlers(): void {}
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const APP_VERSION = '0.1.0';

/** The artifact is a shell script (padded to 64 KB) so that installing it can run it, as the AppImage updater does. */
function artifact(version: string): Buffer {
  const head = `#!/bin/sh\n# streaming appliance ${version} (test artifact)\nexit 0\n`;
  const pad = randomBytes(48 * 1024).toString('base64').replace(/(.{76})/g, '# $1\n');
  return Buffer.from(`${head}${pad}\n`.padEnd(64 * 1024, '#'));
}

const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('base64');

function feedYml(version: string, file: string, data: Buffer, digest = sha512(data)): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${digest}`,
    `    size: ${data.length}`,
    `path: ${file}`,
    `sha512: ${digest}`,
    `releaseDate: '2025-01-01T00:00:00.000Z'`,
    '',
  ].join('\n');
}

/** A generic-provider feed: files by path, request log, optional slow artifact downloads (to see progress events). */
class Feed {
  readonly files = new Map<string, Buffer | string>();
  readonly requests: string[] = [];
  slowMs = 0;
  private server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(url.pathname);
    const body = this.files.get(url.pathname.replace(/^\/updates/, ''));
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    const data = Buffer.from(body);
    res.writeHead(200, { 'content-length': data.length, 'content-type': 'application/octet-stream' });
    if (!this.slowMs || typeof body === 'string') {
      res.end(data);
      return;
    }
    // Eight chunks over slowMs: electron-updater reports progress at most once a second, then 100 at the end.
    const chunk = Math.ceil(data.length / 8);
    let offset = 0;
    const next = () => {
      res.write(data.subarray(offset, offset + chunk));
      offset += chunk;
      if (offset >= data.length) res.end();
      else setTimeout(next, this.slowMs / 8);
    };
    next();
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/updates`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Electron's app as electron-updater sees it; quit handlers are kept so a test can "quit". */
function standinApp(dir: string, version = APP_VERSION): AppAdapter & { quitHandlers: Array<(code: number) => void> } {
  const quitHandlers: Array<(code: number) => void> = [];
  return {
    version,
    name: 'streaming-appliance',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'resources', 'app-update.yml'),
    userDataPath: path.join(dir, 'userData'),
    baseCachePath: path.join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    quit: () => undefined,
    relaunch: () => undefined,
    onQuit: (handler) => void quitHandlers.push(handler),
    quitHandlers,
  };
}

function memoryLog(): AppLog & { lines: string[] } {
  const lines: string[] = [];
  const add = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return { lines, info: add('info'), warn: add('warn'), error: add('error') };
}

describe('electron-updater against a local feed', () => {
  const feed = new Feed();
  let feedUrl = '';
  let dir = '';
  let appImage = '';
  let savedAppImage: string | undefined;
  const v2 = artifact('0.2.0');
  const beta = artifact('0.3.0-beta.1');

  beforeAll(async () => {
    feedUrl = await feed.start();
  });
  afterAll(() => feed.close());

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'updater-'));
    mkdirSync(path.join(dir, 'resources'));
    // What electron-builder writes into an AppImage's resources from electron-builder.yml `publish`.
    writeFileSync(
      path.join(dir, 'resources', 'app-update.yml'),
      `provider: generic\nurl: ${feedUrl}\nchannel: latest\nupdaterCacheDirName: streaming-appliance-updater\n`,
    );
    // The AppImage updater works on the running AppImage's file: a stand-in with no version in its name.
    appImage = path.join(dir, 'Streaming-Appliance.AppImage');
    writeFileSync(appImage, artifact(APP_VERSION), { mode: 0o755 });
    savedAppImage = process.env.APPIMAGE;
    process.env.APPIMAGE = appImage;
    feed.files.clear();
    feed.requests.length = 0;
    feed.slowMs = 0;
    feed.files.set('/latest-linux.yml', feedYml('0.2.0', 'streaming-appliance-0.2.0.AppImage', v2));
    feed.files.set('/streaming-appliance-0.2.0.AppImage', v2);
    feed.files.set('/beta-linux.yml', feedYml('0.3.0-beta.1', 'streaming-appliance-0.3.0-beta.1.AppImage', beta));
    feed.files.set('/streaming-appliance-0.3.0-beta.1.AppImage', beta);
  });
  afterEach(() => {
    if (savedAppImage === undefined) delete process.env.APPIMAGE;
    else process.env.APPIMAGE = savedAppImage;
    rmSync(dir, { recursive: true, force: true });
  });

  function controller(options: { feedUrl?: string; channel?: 'stable' | 'beta'; app?: AppAdapter } = {}) {
    const log = memoryLog();
    const app = options.app ?? standinApp(dir);
    const backend = createElectronUpdaterBackend({ kind: 'appimage', app, log, httpExecutor: new NodeHttpExecutor() });
    const states: UpdateState[] = [];
    const progress: number[] = [];
    const updates = new UpdateController({
      backend: {
        configure: (o) => backend.configure(o),
        check: () => backend.check(),
        download: (onProgress) => backend.download((p) => (progress.push(p), onProgress(p))),
        installNow: () => backend.installNow(),
        setInstallOnQuit: (enabled) => backend.setInstallOnQuit(enabled),
      },
      feedUrl: options.feedUrl ?? feedUrl,
      channel: options.channel ?? 'stable',
      log: (message, fields) => log.warn(message, fields),
      onState: (state) => states.push(state),
    });
    updates.configure(options.feedUrl ?? feedUrl, options.channel ?? 'stable');
    return { updates, backend, states, progress, log, app };
  }

  // <baseCachePath>/<updaterCacheDirName from app-update.yml>/pending
  const pendingDir = () => path.join(dir, 'cache', 'streaming-appliance-updater', 'pending');

  it('finds the newer version, downloads it with progress to 100 and verifies it', async () => {
    feed.slowMs = 1600;
    const { updates, states, progress, log } = controller();
    await updates.check();
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['checking', 'available', 'downloading', 'ready']));
    expect(states[0]).toEqual({ state: 'checking' });
    expect(states[1]).toEqual({ state: 'available', version: '0.2.0' });
    const downloading = states.filter((s) => s.state === 'downloading');
    expect(downloading[0]).toEqual({ state: 'downloading', version: '0.2.0', percent: 0 });
    expect(downloading.at(-1)).toEqual({ state: 'downloading', version: '0.2.0', percent: 100 });
    // At least one report before the end (the download took longer than electron-updater's 1 s progress period).
    expect(progress.some((p) => p > 0 && p < 100)).toBe(true);
    expect(progress.at(-1)).toBe(100);
    // The AppImage updater tries a differential download first; this feed has no block map, so it falls back to the full file.
    expect(log.lines.some((l) => l.includes('fallback to full download'))).toBe(true);
    expect(states.at(-1)).toEqual({ state: 'ready', version: '0.2.0' });
    expect(updates.status).toEqual({ state: 'ready', version: '0.2.0' });
    expect(feed.requests).toContain('/updates/latest-linux.yml');
    expect(feed.requests).toContain('/updates/streaming-appliance-0.2.0.AppImage');
    const downloaded = path.join(pendingDir(), 'streaming-appliance-0.2.0.AppImage');
    expect(readFileSync(downloaded).equals(v2)).toBe(true);
  });

  it('refuses a download whose sha512 does not match the feed', async () => {
    feed.files.set('/latest-linux.yml', feedYml('0.2.0', 'streaming-appliance-0.2.0.AppImage', v2, sha512(Buffer.from('something else'))));
    const { updates, states } = controller();
    await expect(updates.check()).resolves.toBeUndefined();
    const last = states.at(-1)!;
    expect(last.state).toBe('error');
    expect(last.state === 'error' && last.message).toMatch(/sha512 checksum mismatch/);
    // Nothing half-verified is left to install.
    const pending = pendingDir();
    expect(existsSync(pending) ? readdirSync(pending).filter((f) => f.endsWith('.AppImage')) : []).toEqual([]);
  });

  it('reports "none" when the feed has the running version', async () => {
    feed.files.set('/latest-linux.yml', feedYml(APP_VERSION, 'streaming-appliance-0.1.0.AppImage', v2));
    const { updates, states } = controller();
    await updates.check();
    expect(states.map((s) => s.state)).toEqual(['checking', 'none']);
    expect(feed.requests.filter((r) => r.endsWith('.AppImage'))).toEqual([]);
  });

  it('reads beta-linux.yml on the beta channel and latest-linux.yml again after switching back', async () => {
    const { updates, states } = controller({ channel: 'beta' });
    await updates.check();
    expect(feed.requests).toContain('/updates/beta-linux.yml');
    expect(feed.requests).not.toContain('/updates/latest-linux.yml');
    expect(states[1]).toEqual({ state: 'available', version: '0.3.0-beta.1' });
    expect(states.at(-1)).toEqual({ state: 'ready', version: '0.3.0-beta.1' });

    const stable = controller({ channel: 'beta' });
    stable.updates.configure(feedUrl, 'stable');
    feed.requests.length = 0;
    await stable.updates.check();
    expect(feed.requests[0]).toBe('/updates/latest-linux.yml');
  });

  it('an empty feed URL means the feed the build was made with (app-update.yml)', async () => {
    const { updates, states } = controller({ feedUrl: '' });
    await updates.check();
    expect(feed.requests[0]).toBe('/updates/latest-linux.yml');
    expect(states[1]).toEqual({ state: 'available', version: '0.2.0' });
  });

  it('an unreachable feed is an error state, never a throw', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { updates, states, log } = controller({ feedUrl: `http://127.0.0.1:${port}/updates` });
    await expect(updates.check()).resolves.toBeUndefined();
    expect(states.map((s) => s.state)).toEqual(['checking', 'error']);
    const last = states.at(-1)!;
    expect(last.state === 'error' && last.message).toMatch(/ECONNREFUSED/);
    expect(log.lines.some((l) => l.includes('update failed'))).toBe(true);
  });

  it('a 404 feed file is an error state naming the file', async () => {
    feed.files.delete('/latest-linux.yml');
    const { updates, states } = controller();
    await updates.check();
    const last = states.at(-1)!;
    expect(last.state === 'error' && last.message).toMatch(/latest-linux\.yml/);
  });

  it('installs the downloaded AppImage when the app quits normally', async () => {
    const { updates, app } = controller();
    await updates.check();
    expect(updates.status.state).toBe('ready');
    const handlers = (app as ReturnType<typeof standinApp>).quitHandlers;
    expect(handlers).toHaveLength(1);
    // Electron's 'quit' with exit code 0: the updater replaces the running AppImage with the new one and runs it once.
    handlers[0]!(0);
    expect(readFileSync(appImage).equals(v2)).toBe(true);
  });

  it('does not install on quit when install-on-quit is off', async () => {
    const before = readFileSync(appImage);
    const { updates, backend, app } = controller();
    await updates.check();
    expect(updates.status.state).toBe('ready');
    backend.setInstallOnQuit(false);
    for (const handler of (app as ReturnType<typeof standinApp>).quitHandlers) handler(0);
    expect(readFileSync(appImage).equals(before)).toBe(true);
  });
});

describe('updater wiring', () => {
  it('picks the updater like electron-updater does: AppImage env, package-type file, platform', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'updater-kind-'));
    expect(detectInstallKind('linux', { APPIMAGE: '/x/App.AppImage' }, dir)).toBe('appimage');
    expect(detectInstallKind('linux', {}, dir)).toBeNull();
    writeFileSync(path.join(dir, 'package-type'), 'deb\n');
    expect(detectInstallKind('linux', {}, dir)).toBe('deb');
    expect(detectInstallKind('win32', {}, dir)).toBe('nsis');
    expect(detectInstallKind('darwin', {}, dir)).toBe('dmg');
    rmSync(dir, { recursive: true, force: true });
  });

  it('the desktop app uses electron-updater only when packaged and installed as a package', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'updater-main-'));
    const options = { distDir: path.join(dir, 'dist'), resourcesDir: path.join(dir, 'resources', 'resources') };
    const dev = new FakeApp(dir) as unknown as DesktopElectron['app'];
    const packaged = Object.assign(new FakeApp(dir), { isPackaged: true }) as unknown as DesktopElectron['app'];
    const log = memoryLog();
    expect(packagedUpdaterBackend(dev, { ...options, env: { APPIMAGE: '/a.AppImage' } }, 'linux', log)).toBeNull();
    expect(packagedUpdaterBackend(packaged, { ...options, env: {} }, 'linux', log)).toBeNull();
    expect(log.lines.join('\n')).toMatch(/self-update is off/);
    expect(packagedUpdaterBackend(packaged, { ...options, env: { APPIMAGE: '/a.AppImage' } }, 'linux', log)).toBeInstanceOf(ElectronUpdaterBackend);
    // A deb install: electron-builder's resources/package-type, next to app-update.yml (resourcesDir's parent here).
    mkdirSync(path.join(dir, 'resources'));
    writeFileSync(path.join(dir, 'resources', 'package-type'), 'deb');
    const deb = packagedUpdaterBackend(packaged, { ...options, env: {} }, 'linux', log) as ElectronUpdaterBackend;
    expect(deb.updater.constructor.name).toBe('DebUpdater');
    rmSync(dir, { recursive: true, force: true });
  });

  it('loading the adapter does not load Electron', () => {
    const cache = Object.keys(createRequire(import.meta.url).cache);
    expect(cache.some((file) => file.includes(`${path.sep}electron-updater${path.sep}`))).toBe(true);
    expect(cache.filter((file) => /node_modules[\\/]electron[\\/]/.test(file))).toEqual([]);
  });

  it('the default feed is the build one: settings leave it empty, electron-builder.yml publishes a generic feed', () => {
    expect(DEFAULT_SETTINGS.updateFeedUrl).toBe('');
    expect(DEFAULT_SETTINGS.updateChannel).toBe('stable');
    const yml = readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
    const publish = /^publish:\n((?: {2}.*\n)+)/m.exec(yml)?.[1] ?? '';
    expect(publish).toMatch(/provider: generic/);
    expect(publish).toMatch(/url: https?:\/\/\S+/);
  });
});
