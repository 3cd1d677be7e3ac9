// The first-channel journey in a real browser against a real engine and real FFmpeg, over both transports: fetch
// (the UI served by the engine at /ui/) and IPC (the page loaded from disk as Electron does, the real preload bridged
// to the main process's IPC handlers). Log in → New channel → RTMP publish → an encoder pushes to the shown URL/key →
// two RTMP destinations (the appliance itself) → create → the ingest runs, the preview plays, both destinations run,
// disabling one leaves the others alone → upload, download and delete a file → change a setting, reload, see it.
// The fetch run also tours every screen for screenshots (light and dark), at 1024×600 and with the keyboard.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { freePort } from '../helpers/engineProcess.mjs';
import { repoRoot } from '../helpers/paths.js';
import { launchBrowser, openPage, screenshot } from './browser.js';
import { installIpcBridge } from './ipcBridge.js';
import { checkKeyboardAndNames, tourScreens } from './screens.js';

const USER = 'admin';
const PASSWORD = 'journey-pass-1234';
/** The password the app's first-run dialog sets (IPC run). */
const CHOSEN_PASSWORD = 'chosen-pass-5678';

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

interface ApiProcess {
  id: string;
  state?: { exec: string; order: string; progress?: { fps: number } };
}

/** Counts what a user does: clicks (a select counts two: open, pick) and keystrokes (characters typed). */
class Hands {
  clicks = 0;
  keystrokes = 0;
  async click(locator: Locator): Promise<void> {
    this.clicks += 1;
    await locator.click();
  }
  async type(locator: Locator, text: string): Promise<void> {
    this.keystrokes += text.length;
    await locator.fill(text);
  }
  async choose(locator: Locator, value: string): Promise<void> {
    this.clicks += 2;
    await locator.selectOption(value);
  }
}

for (const transport of ['fetch', 'ipc'] as const) {
  describe(`first channel journey over ${transport}`, () => {
    let engine: TestEngine;
    let browser: Browser;
    let rtmpPort: number;
    let encoder: ChildProcess | null = null;
    let password = PASSWORD;

    beforeAll(async () => {
      // The UI shows the configured ports to the publisher and, in the app, reaches the engine's HTTP port for the
      // preview: the engine gets concrete free ports (with :0 the config would say 0).
      rtmpPort = await freePort();
      const httpPort = await freePort();
      engine = await startEngine({
        config: {
          name: `journey-${transport}`,
          address: `127.0.0.1:${httpPort}`,
          // The publish URL uses host.name[0]; without it the engine detects a public address on its own.
          host: { name: ['127.0.0.1'], auto: false },
          api: { auth: { enable: true, username: USER, password: PASSWORD } },
          rtmp: { enable: true, address: `127.0.0.1:${rtmpPort}`, app: '/' },
          storage: { memory: { auth: { enable: true, username: 'admin', password: 'memfs-secret-1234' } } },
        },
      });
      browser = await launchBrowser({ fileAccess: transport === 'ipc' });
    });

    afterAll(async () => {
      if (encoder && encoder.exitCode === null) encoder.kill('SIGKILL');
      await browser?.close();
      await engine?.stop();
    });

    it('logs in, creates a channel with two destinations, manages files and settings', { timeout: 240_000 }, async () => {
      const hands = new Hands();
      const { page, problems } = await openPage(browser, { colorScheme: 'light' });
      const bridge = transport === 'ipc' ? await installIpcBridge(page, engine.core, engine.dir) : null;
      await page.goto(transport === 'ipc' ? `file://${path.join(repoRoot, 'dist/renderer/index.html')}` : `${engine.url}/ui/`);

      // Log in.
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      if (transport === 'fetch') await page.getByText(`This appliance: ${engine.url}/ui/`).waitFor();
      await screenshot(page, `login-${transport}-light`);
      await hands.type(page.getByLabel('Username'), USER);
      await hands.type(page.getByLabel('Password'), PASSWORD);
      await hands.click(page.getByRole('button', { name: 'Log in' }));
      await page.getByRole('navigation', { name: 'Main' }).waitFor();

      if (transport === 'ipc') {
        // Inside the app, the first start asks for the admin password other machines will use (once; not counted
        // as part of the channel journey).
        const dialog = page.getByRole('dialog', { name: 'Set the admin password' });
        await dialog.waitFor();
        await dialog.getByLabel('New password').fill('short');
        await dialog.getByLabel('Repeat the password').fill('short');
        await dialog.getByRole('button', { name: 'Set password' }).click();
        await dialog.getByText('Use at least 8 characters.').waitFor();
        await dialog.getByLabel('New password').fill(CHOSEN_PASSWORD);
        await dialog.getByLabel('Repeat the password').fill(CHOSEN_PASSWORD);
        await screenshot(page, 'first-run-ipc-light');
        await dialog.getByRole('button', { name: 'Set password' }).click();
        await dialog.waitFor({ state: 'detached', timeout: 60_000 });
        expect((await call(engine.url, 'POST', '/api/login', { body: { username: USER, password: PASSWORD } })).status).toBe(401);
        expect((await call(engine.url, 'POST', '/api/login', { body: { username: USER, password: CHOSEN_PASSWORD } })).status).toBe(200);
        password = CHOSEN_PASSWORD;
      }

      // New channel: RTMP publish.
      await hands.click(page.getByRole('link', { name: /New channel/ }));
      await page.getByRole('heading', { name: 'Step 1 of 4: Source' }).waitFor();
      await hands.click(page.getByRole('radio', { name: /RTMP publish/ }));
      const serverField = page.getByRole('textbox', { name: 'Server URL' });
      await serverField.waitFor();
      const server = await serverField.inputValue();
      const key = await page.getByRole('textbox', { name: 'Stream key' }).inputValue();
      const channel = key.replace(/\.stream.*$/, '');
      expect(server).toBe(`rtmp://127.0.0.1:${rtmpPort}`);
      expect(key).toMatch(/^[a-z0-9_-]+\.stream$/);
      await page.getByText(/Waiting for the stream/).waitFor();
      await screenshot(page, `wizard-source-${transport}-light`);

      // The encoder on the user's side: publish to exactly what the page shows.
      encoder = spawn(
        'ffmpeg',
        ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine', '-t', '120', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac', '-f', 'flv', `${server}/${key}`],
        { stdio: 'ignore' },
      );
      await page.getByText(/Receiving the stream/).waitFor({ timeout: 20_000 });
      await hands.click(page.getByRole('button', { name: 'Next' }));

      await page.getByRole('heading', { name: 'Step 2 of 4: Encoding' }).waitFor();
      expect(await page.getByRole('radio', { name: /Pass-through/ }).isChecked()).toBe(true);
      await screenshot(page, `wizard-encoding-${transport}-light`);
      await hands.click(page.getByRole('button', { name: 'Next' }));

      await page.getByRole('heading', { name: 'Step 3 of 4: Outputs' }).waitFor();
      for (const [index, name] of [[1, 'dest1'], [2, 'dest2']] as const) {
        await hands.click(page.getByRole('button', { name: 'Add destination' }));
        const group = page.getByRole('group', { name: `Destination ${index}` });
        await hands.choose(group.getByLabel('Service'), 'custom');
        await hands.click(group.getByLabel('URL'));
        await hands.type(group.getByLabel('URL'), `rtmp://127.0.0.1:${rtmpPort}/${name}`);
      }
      await screenshot(page, `wizard-outputs-${transport}-light`);
      await hands.click(page.getByRole('button', { name: 'Next' }));

      await page.getByRole('heading', { name: 'Step 4 of 4: Review' }).waitFor();
      await page.getByText('FFmpeg process bodies (JSON, for experts)').click(); // for the screenshot, not part of the journey
      await screenshot(page, `wizard-review-${transport}-light`);
      await page.emulateMedia({ colorScheme: 'dark' });
      await screenshot(page, `wizard-review-${transport}-dark`);
      await page.emulateMedia({ colorScheme: 'light' });
      await hands.click(page.getByRole('button', { name: 'Create channel' }));

      const ingest = `ui:ingest:${channel}`;
      const egress = [`ui:egress:1:${channel}`, `ui:egress:2:${channel}`];
      await page.waitForURL((url) => url.hash === `#/channels/${encodeURIComponent(ingest)}`, { timeout: 15_000 });
      await page.getByRole('heading', { name: ingest }).waitFor();
      const journey = `${hands.clicks} clicks, ${hands.keystrokes} keystrokes`;

      // The hls.js preview plays: the video's clock advances.
      const video = page.getByLabel('Live preview');
      await video.waitFor({ timeout: 30_000 });
      const first = await until('the preview to start', async () => {
        const time = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
        return time > 0 ? time : null;
      });
      await until('the preview to advance', async () => (await video.evaluate((element: HTMLVideoElement) => element.currentTime)) > first + 1);

      const processes = async () => {
        const response = await call(engine.url, 'POST', '/api/login', { body: { username: USER, password } });
        const list = await call(engine.url, 'GET', '/api/v3/process?filter=state', { token: response.body.access_token });
        return new Map((list.body as ApiProcess[]).map((entry) => [entry.id, entry]));
      };
      await until(
        'both destinations running',
        async () => {
          const list = await processes();
          return egress.every((id) => list.get(id)?.state?.exec === 'running' && (list.get(id)?.state?.progress?.fps ?? 0) > 0);
        },
        60_000,
      );
      // The channel page lists its destinations; both are on.
      const switchOf = (id: string) => page.getByRole('switch', { name: `Enable ${id}` });
      await until('both destinations shown as on', async () => (await switchOf(egress[0]!).isChecked()) && (await switchOf(egress[1]!).isChecked()));
      await screenshot(page, `channel-${transport}-light`);

      // Channels: the ingest runs with frames flowing.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `${ingest} (${channel})` }) });
      await until('the ingest fps > 0 on the Channels screen', async () => {
        const cells = await row.getByRole('cell').allInnerTexts();
        return (await row.getByText('running').count()) > 0 && Number(cells[2]) > 0;
      });

      // Disable destination 1 on the channel page: the other and the ingest keep running.
      await page.getByRole('link', { name: `${ingest} (${channel})` }).click();
      await switchOf(egress[0]!).click();
      await until('destination 1 stopped', async () => (await processes()).get(egress[0]!)?.state?.order === 'stop');
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const after = await processes();
      expect(after.get(egress[0]!)?.state?.exec).not.toBe('running');
      expect(after.get(egress[1]!)?.state).toMatchObject({ exec: 'running', order: 'start' });
      expect(after.get(ingest)?.state).toMatchObject({ exec: 'running', order: 'start' });
      expect(await switchOf(egress[0]!).isChecked()).toBe(false);

      await manageFiles(page, engine, transport);
      await changeSetting(page, engine, transport, password);

      if (transport === 'fetch') {
        await tourScreens(page, ingest);
        await checkKeyboardAndNames(page);
      } else {
        expect(bridge!.calls.get('core:request')).toBeGreaterThan(20);
        expect(bridge!.calls.get('app:lanAddresses')).toBeGreaterThan(0);
      }
      console.log(`journey over ${transport}: ${journey}`);
      expect(problems).toEqual([]);
    });
  });
}

/** Files: upload a binary file to disk, download it byte for byte, delete it. */
async function manageFiles(page: Page, engine: TestEngine, transport: string): Promise<void> {
  const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, index) => (index * 13 + 7) % 256));
  const name = `clip-${transport}.bin`;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Files' }).click();
  await page.getByRole('heading', { name: 'Files' }).waitFor();
  await page.getByLabel('Filesystem').selectOption('disk');
  await page.getByLabel('Upload a file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
  await page.getByText(`Uploaded ${name}.`).waitFor({ timeout: 20_000 });
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `/${name}` }) });
  await row.waitFor();
  expect(readFileSync(path.join(engine.dir, 'data', name)).equals(bytes)).toBe(true);
  await screenshot(page, `files-${transport}-light`);

  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole(transport === 'fetch' ? 'link' : 'button', { name: `Download /${name}` }).click()]);
  expect(readFileSync((await download.path())!).equals(bytes)).toBe(true);

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: `Delete /${name}` }).click();
  await row.waitFor({ state: 'detached' });
  await until('the file gone from disk', async () => {
    try {
      readFileSync(path.join(engine.dir, 'data', name));
      return false;
    } catch {
      return true;
    }
  });
}

/** Settings: rename the appliance, save and reload, and see the new name in the header. */
async function changeSetting(page: Page, engine: TestEngine, transport: string, password: string): Promise<void> {
  const name = `renamed-${transport}`;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Appliance name').fill(name);
  await page.getByRole('button', { name: 'Save and reload' }).click();
  await page.getByText('Saved and reloaded.').waitFor({ timeout: 60_000 });
  await page.getByRole('banner').getByText(name).waitFor();
  const about = await call(engine.url, 'GET', '/api/v3/config', {
    token: (await call(engine.url, 'POST', '/api/login', { body: { username: USER, password } })).body.access_token,
  });
  expect(about.body.config.name).toBe(name);
}
