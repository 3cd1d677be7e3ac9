// The desktop helpers without an engine: paths, log rotation, LAN URLs + QR, window state, settings, sender checks, tray model, updater.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { desktopPaths, engineEnv } from '../../main/desktop/paths.js';
import { RotatingLog } from '../../main/desktop/logs.js';
import { lanAddresses, lanUrls, qrDataUrl } from '../../main/desktop/lan.js';
import { loadWindowState, saveWindowState, trackWindowState } from '../../main/desktop/windowState.js';
import { SettingsStore, parseSettingsPatch } from '../../main/desktop/settings.js';
import { isTrustedSender } from '../../main/desktop/sender.js';
import { buildTrayModel, statusLine, summarize } from '../../main/desktop/tray.js';
import { CHECK_INTERVAL_MS, UpdateController, type UpdaterBackend } from '../../main/desktop/updater.js';
import { askMediaAccess, parseChooseFolder, parseMediaKinds, parseUpdateAction } from '../../main/desktop/appIpc.js';
import { createDesktopEngine } from '../../main/desktop/engine.js';
import { acquireSingleInstance, lockRetryFor } from '../../main/desktop/singleInstance.js';
import { FirstRunState } from '../../main/desktop/firstRun.js';
import { repoRoot } from '../helpers/paths.js';
import { FakeWindow } from './fakeElectron.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'desktop-unit-'));

describe('userData layout', () => {
  it('puts config, db, data and logs under userData and drops inherited db/storage dirs', () => {
    const paths = desktopPaths('/home/u/.config/Streaming Appliance');
    expect(paths.configFile).toBe('/home/u/.config/Streaming Appliance/config/config.js');
    expect(paths.dbDir).toBe('/home/u/.config/Streaming Appliance/config');
    expect(paths.dataDir).toBe('/home/u/.config/Streaming Appliance/data');
    expect(paths.logsDir).toBe('/home/u/.config/Streaming Appliance/logs');
    const env = engineEnv(paths, { PATH: '/bin', CORE_DB_DIR: '.', CORE_STORAGE_DISK_DIR: '.', CORE_CONFIGFILE: './config.js' });
    expect(env).toEqual({ PATH: '/bin', CORE_CONFIGFILE: paths.configFile });
  });
});

describe('rotating log', () => {
  it('rotates by size and keeps a bounded number of files', () => {
    const dir = tmp();
    const log = new RotatingLog(path.join(dir, 'logs', 'engine.log'), { maxBytes: 100, keep: 2 });
    for (let i = 0; i < 20; i++) log.write(`line ${String(i).padStart(2, '0')} ${'x'.repeat(30)}`);
    expect(readdirSync(path.join(dir, 'logs')).sort()).toEqual(['engine.log', 'engine.log.1', 'engine.log.2']);
    for (const file of log.files()) expect(readFileSync(file).length).toBeLessThanOrEqual(100);
    expect(readFileSync(log.file, 'utf8')).toContain('line 19');
    expect(readFileSync(`${log.file}.1`, 'utf8')).toContain('line 17');
    // A new logger on the same file continues its size.
    const again = new RotatingLog(log.file, { maxBytes: 100, keep: 2 });
    again.write('y'.repeat(80));
    expect(readFileSync(`${log.file}.1`, 'utf8')).toContain('line 19');
  });
});

describe('LAN', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: '192.168.1.20', family: 'IPv4', internal: false },
      { address: 'fe80::1', family: 'IPv6', internal: false },
      { address: '2001:db8::5', family: 'IPv6', internal: false },
    ],
    wlan0: [{ address: '169.254.3.3', family: 'IPv4', internal: false }, { address: '10.0.0.7', family: 'IPv4', internal: false }],
  } as any;

  it('lists the non-internal addresses as UI URLs, IPv4 first', () => {
    expect(lanAddresses(interfaces)).toEqual(['192.168.1.20', '10.0.0.7', '2001:db8::5']);
    expect(lanUrls(8080, interfaces)).toEqual(['http://192.168.1.20:8080/ui/', 'http://10.0.0.7:8080/ui/', 'http://[2001:db8::5]:8080/ui/']);
  });

  it('makes a PNG QR code data URL', async () => {
    const qr = await qrDataUrl('http://192.168.1.20:8080/ui/');
    expect(qr).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(qr.split(',')[1]!, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('window state', () => {
  it('remembers bounds atomically and falls back on bad or off-screen data', async () => {
    const file = path.join(tmp(), 'window-state.json');
    expect(loadWindowState(file)).toEqual({ width: 1280, height: 800 });
    saveWindowState(file, { x: 100, y: 50, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(file)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(file, [{ x: 2000, y: 0, width: 1920, height: 1080 }])).toEqual({ width: 1000, height: 700, maximized: true });
    writeFileSync(file, '{"width": 10, "height": "x"}');
    expect(loadWindowState(file)).toEqual({ width: 1280, height: 800 });
    writeFileSync(file, 'not json');
    expect(loadWindowState(file)).toEqual({ width: 1280, height: 800 });

    const window = new FakeWindow({ x: 1, y: 2, width: 900, height: 600 });
    trackWindowState(window as any, file, 10);
    window.bounds = { x: 30, y: 40, width: 1100, height: 720 };
    window.emit('resize');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(loadWindowState(file)).toMatchObject({ x: 30, y: 40, width: 1100, height: 720 });
    window.bounds = { x: 31, y: 41, width: 1101, height: 721 };
    window.close();
    expect(loadWindowState(file)).toMatchObject({ x: 31, width: 1101 });
    expect(readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('settings', () => {
  it('validates every change and persists it', () => {
    const file = path.join(tmp(), 'settings.json');
    const store = new SettingsStore(file);
    expect(store.get()).toEqual({ closeToTray: true, launchAtLogin: false, updateChannel: 'stable', updateFeedUrl: '' });
    expect(store.update({ launchAtLogin: true, updateChannel: 'beta' })).toMatchObject({ launchAtLogin: true, updateChannel: 'beta' });
    expect(new SettingsStore(file).get().launchAtLogin).toBe(true);
    for (const bad of [null, [], { closeToTray: 'yes' }, { updateChannel: 'nightly' }, { updateFeedUrl: 'file:///x' }, { other: 1 }, { __proto__: { a: 1 }, x: 1 }]) {
      expect(() => parseSettingsPatch(bad), JSON.stringify(bad)).toThrow(/settings/);
    }
    writeFileSync(file, '{"closeToTray": 5}');
    expect(new SettingsStore(file).get().closeToTray).toBe(true);
  });
});

describe('IPC inputs and senders', () => {
  const indexFile = '/opt/app/resources/app.asar/dist/renderer/index.html';
  const trusted = { indexFile, engineOrigin: () => 'http://127.0.0.1:8080' };
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

  it('accepts only the app page and the engine UI, top-level', () => {
    expect(isTrustedSender(frame(pathToFileURL(indexFile).href + '#/processes'), trusted)).toBe(true);
    expect(isTrustedSender(frame('http://127.0.0.1:8080/ui/processes'), trusted)).toBe(true);
    expect(isTrustedSender(frame('file:///tmp/evil.html'), trusted)).toBe(false);
    expect(isTrustedSender(frame('http://127.0.0.1:8080/api/v3/process'), trusted)).toBe(false);
    expect(isTrustedSender(frame('http://127.0.0.1:8081/ui/'), trusted)).toBe(false);
    expect(isTrustedSender(frame('https://evil.example/ui/'), trusted)).toBe(false);
    expect(isTrustedSender(frame('http://127.0.0.1:8080/ui/', { url: 'x' }), trusted)).toBe(false);
    expect(isTrustedSender({}, trusted)).toBe(false);
    expect(isTrustedSender(null, trusted)).toBe(false);
    expect(isTrustedSender(frame('http://127.0.0.1:8080/ui/'), { indexFile, engineOrigin: () => null })).toBe(false);
  });

  it('validates the app:* arguments', async () => {
    expect(parseUpdateAction('check')).toBe('check');
    expect(() => parseUpdateAction('rm -rf')).toThrow();
    expect(parseChooseFolder({ title: 'Pick' })).toEqual({ title: 'Pick' });
    expect(() => parseChooseFolder({ properties: ['openFile'] })).toThrow();
    expect(() => parseChooseFolder({ title: 5 })).toThrow();
    expect(parseMediaKinds(['camera', 'camera'])).toEqual(['camera']);
    expect(() => parseMediaKinds(['screen'])).toThrow();
    expect(() => parseMediaKinds('camera')).toThrow();
    const asked: string[] = [];
    const prefs = { askForMediaAccess: async (kind: 'camera' | 'microphone') => (asked.push(kind), kind === 'camera') };
    expect(await askMediaAccess('darwin', prefs, ['camera'])).toBe(true);
    expect(await askMediaAccess('darwin', prefs, ['camera', 'microphone'])).toBe(false);
    expect(await askMediaAccess('linux', prefs, ['microphone'])).toBe(true);
    expect(asked).toEqual(['camera', 'camera', 'microphone']);
  });
});

describe('tray model', () => {
  it('shows channel and viewer counts and enables the actions that apply', () => {
    const status = summarize(
      [
        { id: 'a', state: { exec: 'running' } },
        { id: 'b', state: { exec: 'failed' } },
        { id: 'c', state: { exec: 'finished' } },
      ],
      { hls: [{}, {}], rtmp: [{}], hlsingress: [{}], srt: [] },
    );
    expect(status).toEqual({ engine: 'running', total: 3, running: 1, failed: 1, viewers: 3 });
    expect(statusLine(status)).toBe('1/3 channels running, 1 failed · 3 viewers');
    const model = buildTrayModel(status, { closeToTray: true });
    const item = (id: string) => model.items.find((entry) => entry.id === id)!;
    expect(model.items.filter((entry) => entry.type !== 'separator').map((entry) => entry.id)).toEqual([
      'status',
      'open',
      'start-all',
      'stop-all',
      'close-to-tray',
      'open-logs',
      'quit',
    ]);
    expect(item('start-all').enabled && item('stop-all').enabled).toBe(true);
    expect(item('close-to-tray').checked).toBe(true);
    const idle = buildTrayModel(summarize([{ id: 'a', state: { exec: 'finished' } }], {}), { closeToTray: false });
    expect(idle.items.find((entry) => entry.id === 'stop-all')!.enabled).toBe(false);
    const down = buildTrayModel(summarize([], {}, false), { closeToTray: false });
    expect(down.tooltip).toContain('Engine stopped');
    expect(down.items.find((entry) => entry.id === 'start-all')!.enabled).toBe(false);
  });
});

describe('updates', () => {
  function backend(result: { version: string } | null | Error) {
    const calls: string[] = [];
    const impl: UpdaterBackend = {
      configure: (options) => void calls.push(`configure ${options.channel} ${options.feedUrl} ${options.allowPrerelease}`),
      check: async () => {
        calls.push('check');
        if (result instanceof Error) throw result;
        return result;
      },
      download: async (progress) => {
        calls.push('download');
        progress(40);
        progress(100);
      },
      installNow: () => void calls.push('install'),
      setInstallOnQuit: (enabled) => void calls.push(`installOnQuit ${enabled}`),
    };
    return { impl, calls };
  }

  it('checks on start and every 6 hours, downloads with progress, installs on click', async () => {
    const { impl, calls } = backend({ version: '0.2.0' });
    const states: string[] = [];
    let tick: (() => void) | null = null;
    let interval = 0;
    const updates = new UpdateController({
      backend: impl,
      feedUrl: 'https://updates.example/app',
      channel: 'beta',
      log: () => undefined,
      onState: (state) => states.push(state.state === 'downloading' ? `downloading ${state.percent}` : state.state),
      setInterval: (fn, ms) => ((tick = fn), (interval = ms), 1),
      clearInterval: () => undefined,
    });
    expect(updates.installNow()).toBe(false);
    updates.start();
    await updates.check();
    expect(interval).toBe(CHECK_INTERVAL_MS);
    expect(states).toEqual(['checking', 'available', 'downloading 0', 'downloading 40', 'downloading 100', 'ready']);
    expect(calls.slice(0, 2)).toEqual(['configure beta https://updates.example/app true', 'installOnQuit true']);
    tick!();
    expect(calls.filter((c) => c === 'check')).toHaveLength(1); // ready: no new check
    expect(updates.installNow()).toBe(true);
    expect(calls.at(-1)).toBe('install');
  });

  it('surfaces errors without throwing, and is disabled without a backend', async () => {
    const { impl } = backend(new Error('feed unreachable'));
    const updates = new UpdateController({ backend: impl, feedUrl: '', channel: 'stable', log: () => undefined });
    await expect(updates.check()).resolves.toBeUndefined();
    expect(updates.status).toEqual({ state: 'error', message: 'feed unreachable' });
    expect(new UpdateController({ backend: null, feedUrl: '', channel: 'stable', log: () => undefined }).status.state).toBe('disabled');
  });
});

describe('first run', () => {
  it('a new installation asks for the admin password until answered, and offers the generated one', async () => {
    const userData = mkdtempSync(path.join(os.tmpdir(), 'first-run-'));
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const engine = createDesktopEngine({ userData, resourcesDir: path.join(repoRoot, 'resources'), env: { PATH: process.env.PATH, CORE_ADDRESS: '127.0.0.1:0' }, log, showError: () => {} });
    expect(await engine.start()).toBe(true);
    try {
      const state = new FirstRunState(path.join(userData, 'first-run-done'), { generatedPassword: () => engine.core.firstRunPassword, auth: () => engine.core.apiAuth });
      const info = state.info();
      expect(info).toMatchObject({ pending: true, username: 'admin' });
      expect(info.generatedPassword).toMatch(/^[A-Za-z0-9]{8,}$/);
      // The generated password really logs in (it is the fallback for other machines).
      const login = await fetch(`http://127.0.0.1:${engine.core.port}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: info.generatedPassword }),
      });
      expect(login.status).toBe(200);
      state.complete();
      expect(state.info().pending).toBe(false);
      expect(new FirstRunState(path.join(userData, 'first-run-done'), { generatedPassword: () => null, auth: () => engine.core.apiAuth }).info().pending).toBe(false);
    } finally {
      await engine.stop();
    }
  });
});

describe('single instance after an AppImage update', () => {
  const lockAfter = (attempts: number) => {
    let tries = 0;
    const app = { quits: 0, requestSingleInstanceLock: () => ++tries > attempts, on: () => app, quit: () => void app.quits++ };
    return { app, tries: () => tries };
  };
  const noSleep = async () => {};

  it('the updated copy waits for the old one to let go of the lock', async () => {
    const { app, tries } = lockAfter(3);
    expect(await acquireSingleInstance(app, () => null, undefined, { ...lockRetryFor({ APPIMAGE_SILENT_INSTALL: 'true' }), sleep: noSleep })).toBe(true);
    expect(tries()).toBe(4);
    expect(app.quits).toBe(0);
  });

  it('an ordinary second launch quits at once', async () => {
    const { app, tries } = lockAfter(3);
    expect(await acquireSingleInstance(app, () => null, undefined, { ...lockRetryFor({}), sleep: noSleep })).toBe(false);
    expect(tries()).toBe(1);
    expect(app.quits).toBe(1);
  });
});
