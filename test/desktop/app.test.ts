// The whole desktop app with Electron stand-ins and a real engine in a temp userData (fake ffmpeg as ffmpeg.binary).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopApp, type DesktopApp } from '../../main/desktop/main.js';
import { createDesktopEngine } from '../../main/desktop/engine.js';
import { repoRoot } from '../helpers/paths.js';
import { waitFor } from '../helpers/waitFor.js';
import { fakeElectron, FakeWindow } from './fakeElectron.js';

const FAKE = path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs');
const distDir = path.join(repoRoot, 'dist');
const indexUrl = pathToFileURL(path.join(distDir, 'renderer', 'index.html')).href;
const trusted = { senderFrame: { url: `${indexUrl}#/`, parent: null } };
const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
const channel = (id: string) => ({
  id,
  input: [{ id: 'in', address: 'testsrc', options: ['-f', 'lavfi'] }],
  output: [{ id: 'out', address: '-', options: ['-f', 'null'] }],
  autostart: false,
});

function makeUserData(): string {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'desktop-app-'));
  mkdirSync(path.join(userData, 'config'), { recursive: true });
  writeFileSync(path.join(userData, 'config', 'config.js'), JSON.stringify({ version: 3, address: '127.0.0.1:0', ffmpeg: { binary: FAKE } }));
  return userData;
}

describe('desktop app', () => {
  let userData: string;
  let fake: ReturnType<typeof fakeElectron>;
  let app: DesktopApp;
  const cwdBefore = readdirSync(process.cwd()).sort();

  beforeAll(async () => {
    userData = makeUserData();
    fake = fakeElectron(userData);
    app = (await startDesktopApp(fake.electron, { distDir, resourcesDir: path.join(repoRoot, 'resources'), env: { PATH: process.env.PATH }, statusIntervalMs: 100_000 }))!;
  });
  afterAll(async () => {
    await app?.engine.stop();
    rmSync(userData, { recursive: true, force: true });
  });

  const call = (name: string, event: unknown, ...args: unknown[]) => fake.handlers.get(name)!(event, ...args);
  const api = async (method: string, url: string, body?: unknown) => {
    const response = (await call('core:request', trusted, {
      method,
      url,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    })) as { status: number; body: string };
    return { status: response.status, body: response.body ? JSON.parse(response.body) : null };
  };

  it('runs the engine with config, db and logs under userData, not the working directory', async () => {
    expect(app.engine.core.running).toBe(true);
    expect(app.engine.core.configFile).toBe(path.join(userData, 'config', 'config.js'));
    expect(existsSync(path.join(userData, 'data'))).toBe(true);
    expect(readFileSync(path.join(userData, 'logs', 'app.log'), 'utf8')).toContain('engine started');
    expect(readFileSync(path.join(userData, 'logs', 'engine.log'), 'utf8').length).toBeGreaterThan(0);
    expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore);
    const window = FakeWindow.instances[0]!;
    expect(window.loaded).toBe(path.join(distDir, 'renderer', 'index.html'));
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true });
  });

  it('routes core:request to the engine: a process is created and listed', async () => {
    expect((await api('POST', '/api/v3/process', channel('cam1'))).status).toBe(200);
    expect((await api('POST', '/api/v3/process', channel('cam2'))).status).toBe(200);
    const list = await api('GET', '/api/v3/process');
    expect(list.body.map((p: any) => p.id).sort()).toEqual(['cam1', 'cam2']);
  });

  it('rejects foreign sender frames and malformed input on every channel', async () => {
    expect([...fake.handlers.keys()].sort()).toEqual(
      ['core:request', 'app:version', 'app:lanAddresses', 'app:updateStatus', 'app:updateAction', 'app:openDataFolder', 'app:openLogsFolder', 'app:chooseFolder', 'app:getSettings', 'app:setSettings', 'app:requestMediaAccess', 'app:firstRun', 'app:completeFirstRun'].sort(),
    );
    for (const name of fake.handlers.keys()) {
      await expect(call(name, foreign), name).rejects.toThrow(/sender frame not allowed/);
      await expect(call(name, {}), name).rejects.toThrow(/sender frame not allowed/);
    }
    await expect(call('core:request', { senderFrame: { url: indexUrl, parent: { url: indexUrl } } }, { method: 'GET', url: '/api' })).rejects.toThrow(/sender/);
    await expect(call('core:request', trusted, { method: 'GET', url: 'http://x/api' })).rejects.toThrow(/url must be a path/);
    await expect(call('app:updateAction', trusted, 'format-disk')).rejects.toThrow(/check or install/);
    await expect(call('app:setSettings', trusted, { closeToTray: 'no' })).rejects.toThrow(/boolean/);
    await expect(call('app:chooseFolder', trusted, { properties: ['openFile'] })).rejects.toThrow(/unknown option/);
    await expect(call('app:version', trusted, 'extra')).rejects.toThrow(/no arguments/);
    await expect(call('app:requestMediaAccess', trusted, ['screen'])).rejects.toThrow(/media kind/);
    await expect(call('app:completeFirstRun', trusted, { force: true })).rejects.toThrow(/no arguments/);
    expect(fake.opened).toEqual([]);
  });

  it('answers the app:* channels', async () => {
    expect(await call('app:version', trusted)).toMatchObject({ app: '0.1.0', node: process.versions.node });
    const lan = (await call('app:lanAddresses', trusted)) as any;
    expect(lan.port).toBe(app.engine.core.port);
    for (const entry of lan.urls) {
      expect(entry.url).toMatch(new RegExp(`^http://.+:${lan.port}/ui/$`));
      expect(entry.qr).toMatch(/^data:image\/png;base64,/);
    }
    expect(await call('app:updateStatus', trusted)).toMatchObject({ state: 'disabled' });
    expect(await call('app:chooseFolder', trusted, { title: 'Recordings' })).toBe('/chosen');
    await call('app:openLogsFolder', trusted);
    await call('app:openDataFolder', trusted);
    expect(fake.opened).toEqual([path.join(userData, 'logs'), userData]);
    expect(await call('app:setSettings', trusted, { launchAtLogin: true })).toMatchObject({ launchAtLogin: true });
    expect(fake.app.loginItem).toMatchObject({ openAtLogin: true });
    expect(await call('app:requestMediaAccess', trusted, ['camera'])).toBe(true);
    // This config has API auth off (the user chose so): nothing to ask on the first run.
    expect(await call('app:firstRun', trusted)).toEqual({ pending: false, username: '', generatedPassword: null });
    // Also reachable from the engine's own /ui/.
    const fromUi = { senderFrame: { url: `http://127.0.0.1:${app.engine.core.port}/ui/`, parent: null } };
    expect(await call('app:getSettings', fromUi)).toMatchObject({ launchAtLogin: true });
  });

  it('a second launch focuses the existing window; a launch without the lock quits', async () => {
    const window = app.window() as unknown as FakeWindow;
    window.minimized = true;
    window.calls.length = 0;
    fake.app.emit('second-instance', {}, ['app']);
    expect(window.calls).toEqual(['restore', 'show', 'focus']);

    const other = fakeElectron(userData);
    other.app.lock = false;
    expect(await startDesktopApp(other.electron, { distDir, resourcesDir: path.join(repoRoot, 'resources') })).toBeNull();
    expect(other.app.quitCalls).toBe(1);
    expect(FakeWindow.instances).toEqual([]);
    expect(other.handlers.size).toBe(0);
  });

  it('closing the window keeps the engine running in the tray (a setting)', () => {
    const window = app.window() as unknown as FakeWindow;
    expect(app.settings.get().closeToTray).toBe(true);
    expect(window.close()).toBe(true);
    expect(window.calls.at(-1)).toBe('hide');
    expect(app.engine.core.running).toBe(true);
  });

  it('tray: status and start/stop all really start and stop the processes', async () => {
    await app.runTrayAction('start-all');
    await waitFor(async () => (await api('GET', '/api/v3/process?filter=state')).body.every((p: any) => p.state.exec === 'running'), 10_000, 'running');
    const status = await app.refreshStatus();
    expect(status).toMatchObject({ total: 2, running: 2, failed: 0 });
    const tray = fake.trays[0]!;
    expect(tray.tooltip).toContain('2/2 channels running');
    const stopAll = (tray.menu as any[]).find((item) => item.id === 'stop-all');
    expect(stopAll.enabled).toBe(true);
    expect(fake.handlers.size).toBeGreaterThan(0);
    expect((app.window() as unknown as FakeWindow).webContents.sent.some((m: any) => m.channel === 'core:event' && m.payload.type === 'status')).toBe(true);

    stopAll.click();
    await waitFor(async () => (await api('GET', '/api/v3/process?filter=state')).body.every((p: any) => p.state.exec !== 'running'), 10_000, 'stopped');
    expect((await api('GET', '/api/v3/process?filter=state')).body.map((p: any) => p.state.order)).toEqual(['stop', 'stop']);
    await app.runTrayAction('start-all');
    await waitFor(async () => (await api('GET', '/api/v3/process?filter=state')).body.every((p: any) => p.state.exec === 'running'), 10_000, 'running again');
  });

  it('quit stops the engine gracefully, writes db.json with the processes still ordered to start, then exits', async () => {
    fake.app.quit();
    expect(fake.app.exited).toBe(false); // held until the engine stopped
    await waitFor(() => fake.app.exited, 15_000, 'exit');
    expect(app.engine.core.running).toBe(false);
    expect(fake.app.quitCalls).toBe(2);
    const db = JSON.parse(readFileSync(path.join(userData, 'config', 'db.json'), 'utf8'));
    expect(db.version).toBe(4);
    expect(Object.values(db.process).map((p: any) => [p.id, p.order]).sort()).toEqual([
      ['cam1', 'start'],
      ['cam2', 'start'],
    ]);
    expect(readFileSync(path.join(userData, 'logs', 'app.log'), 'utf8')).toMatch(/quitting: stopping the engine[\s\S]*engine stopped/);

    // The next launch brings them back running.
    const logs: string[] = [];
    const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
    const next = createDesktopEngine({ userData, resourcesDir: path.join(repoRoot, 'resources'), env: {}, log, showError: () => undefined });
    expect(await next.start()).toBe(true);
    try {
      await waitFor(async () => {
        const response = await next.core.inject({ method: 'GET', url: '/api/v3/process?filter=state', remoteAddress: '127.0.0.1' });
        const list = JSON.parse(response.body) as any[];
        return list.length === 2 && list.every((p) => p.state.exec === 'running');
      }, 10_000, 'restored');
    } finally {
      await next.stop();
    }
  });
});

describe('engine crash', () => {
  it('a config the engine refuses is logged and shown', async () => {
    const userData = makeUserData();
    // db.dir names a file: the engine refuses the config.
    writeFileSync(path.join(userData, 'not-a-dir'), 'x');
    writeFileSync(path.join(userData, 'config', 'config.js'), JSON.stringify({ version: 3, address: '127.0.0.1:0', db: { dir: './not-a-dir' } }));
    const fake = fakeElectron(userData);
    const app = (await startDesktopApp(fake.electron, { distDir, resourcesDir: path.join(repoRoot, 'resources'), env: {} }))!;
    try {
      expect(app.engine.core.running).toBe(false);
      expect(fake.errors[0]?.title).toBe('The engine could not start');
      expect(readFileSync(path.join(userData, 'logs', 'app.log'), 'utf8')).toContain('The engine could not start');
      await expect(fake.handlers.get('core:request')!({ senderFrame: { url: indexUrl, parent: null } }, { method: 'GET', url: '/api' })).rejects.toThrow(/not running/);
      expect(fake.trays[0]!.tooltip).toContain('Engine stopped');
    } finally {
      fake.app.quit();
      await waitFor(() => fake.app.exited, 5000, 'exit');
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
