// The first-channel journey in a real browser against a real engine and real FFmpeg: New channel → RTMP publish →
// an encoder pushes to the shown URL/key → copy → two RTMP destinations (the appliance itself) → create →
// the ingest runs, the preview plays, both destinations run, and stopping one leaves the others alone.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { launchBrowser, openPage, screenshot } from './browser.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

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

describe('first channel journey', () => {
  let engine: TestEngine;
  let browser: Browser;
  let rtmpPort: number;
  let encoder: ChildProcess | null = null;
  const encoderLog: string[] = [];

  beforeAll(async () => {
    // The UI shows the configured RTMP port to the publisher, so the engine gets a concrete free port
    // (with 127.0.0.1:0 the config would say 0 and no client could be told where to push).
    rtmpPort = await freePort();
    engine = await startEngine({
      config: {
        name: 'journey-core',
        // The publish URL uses host.name[0]; without it the engine detects a public address on its own.
        host: { name: ['127.0.0.1'], auto: false },
        rtmp: { enable: true, address: `127.0.0.1:${rtmpPort}`, app: '/' },
        storage: { memory: { auth: { enable: true, username: 'admin', password: 'memfs-secret-1234' } } },
      },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    if (encoder && encoder.exitCode === null) {
      encoder.kill('SIGKILL');
    }
    await browser?.close();
    await engine?.stop();
  });

  it('creates a channel with two destinations from an RTMP publish', { timeout: 180_000 }, async () => {
    let clicks = 0;
    let keystrokes = 0;
    const click = async (locator: ReturnType<Page['locator']>) => {
      clicks += 1;
      await locator.click();
    };
    const type = async (locator: ReturnType<Page['locator']>, text: string) => {
      keystrokes += text.length;
      await locator.fill(text);
    };
    const choose = async (locator: ReturnType<Page['locator']>, value: string) => {
      clicks += 2; // open the list, pick the entry
      await locator.selectOption(value);
    };

    const { page, problems } = await openPage(browser, { colorScheme: 'light' });
    await page.goto(`${engine.url}/ui/`);
    await click(page.getByRole('link', { name: /New channel/ }));
    await page.getByRole('heading', { name: 'Step 1 of 4: Source' }).waitFor();
    await click(page.getByRole('radio', { name: /RTMP publish/ }));

    const serverField = page.getByRole('textbox', { name: 'Server URL' });
    await serverField.waitFor();
    const server = await serverField.inputValue();
    const key = await page.getByRole('textbox', { name: 'Stream key' }).inputValue();
    const channel = key.replace(/\.stream.*$/, '');
    expect(server).toBe(`rtmp://127.0.0.1:${rtmpPort}`);
    expect(key).toMatch(/^[a-z0-9_-]+\.stream$/);
    await page.getByText(/Waiting for the stream/).waitFor();
    await screenshot(page, 'wizard-source-light');

    // The same step in the dark theme, for reviewers.
    const dark = await openPage(browser, { colorScheme: 'dark' });
    await dark.page.goto(`${engine.url}/ui/#/new`);
    await dark.page.getByRole('textbox', { name: 'Server URL' }).waitFor();
    await screenshot(dark.page, 'wizard-source-dark');
    await dark.page.close();
    expect(dark.problems).toEqual([]);

    // The encoder on the user's side: publish to exactly what the page shows.
    encoder = spawn(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine', '-t', '60', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'aac', '-f', 'flv', `${server}/${key}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    encoder.stderr?.on('data', (chunk: Buffer) => encoderLog.push(chunk.toString()));

    await page.getByText(/Receiving the stream/).waitFor({ timeout: 20_000 });
    await screenshot(page, 'wizard-receiving-light');
    await click(page.getByRole('button', { name: 'Next' }));

    await page.getByRole('heading', { name: 'Step 2 of 4: Encoding' }).waitFor();
    expect(await page.getByRole('radio', { name: /Pass-through/ }).isChecked()).toBe(true);
    await click(page.getByRole('button', { name: 'Next' }));

    await page.getByRole('heading', { name: 'Step 3 of 4: Outputs' }).waitFor();
    for (const [index, path] of [[1, 'dest1'], [2, 'dest2']] as const) {
      await click(page.getByRole('button', { name: 'Add destination' }));
      const group = page.getByRole('group', { name: `Destination ${index}` });
      await choose(group.getByLabel('Service'), 'custom');
      await click(group.getByLabel('URL'));
      await type(group.getByLabel('URL'), `rtmp://127.0.0.1:${rtmpPort}/${path}`);
    }
    await screenshot(page, 'wizard-outputs-light');
    await click(page.getByRole('button', { name: 'Next' }));

    await page.getByRole('heading', { name: 'Step 4 of 4: Review' }).waitFor();
    await page.getByText('FFmpeg process bodies (JSON, for experts)').click(); // for the screenshot, not part of the journey
    await screenshot(page, 'wizard-review-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'wizard-review-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await click(page.getByRole('button', { name: 'Create channel' }));

    const ingest = `ui:ingest:${channel}`;
    const egress = [`ui:egress:1:${channel}`, `ui:egress:2:${channel}`];
    await page.waitForURL((url) => url.hash === `#/channels/${encodeURIComponent(ingest)}`, { timeout: 15_000 });
    await page.getByRole('heading', { name: ingest }).waitFor();

    // The hls.js preview plays: the video's clock advances.
    const video = page.getByLabel('Live preview');
    await video.waitFor({ timeout: 30_000 });
    const first = await until('the preview to start', async () => {
      const time = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
      return time > 0 ? time : null;
    });
    await until('the preview to advance', async () => (await video.evaluate((element: HTMLVideoElement) => element.currentTime)) > first + 1);
    await screenshot(page, 'journey-channel-light');

    // Channels: the ingest runs with frames flowing.
    await click(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }));
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `${ingest} (${channel})` }) });
    await until('the ingest fps > 0 on the Channels screen', async () => {
      const cells = await row.getByRole('cell').allInnerTexts();
      return (await row.getByText('running').count()) > 0 && Number(cells[2]) > 0;
    });

    const processes = async () => {
      const response = await call(engine.url, 'GET', '/api/v3/process?filter=state');
      return new Map((response.body as ApiProcess[]).map((entry) => [entry.id, entry]));
    };
    await until('both destinations running', async () => {
      const list = await processes();
      return egress.every((id) => list.get(id)?.state?.exec === 'running' && (list.get(id)?.state?.progress?.fps ?? 0) > 0);
    }, 60_000);
    await screenshot(page, 'journey-channels-light');

    // Stop one destination: the other and the ingest keep running.
    await click(page.getByRole('button', { name: `Stop ${egress[0]}` }));
    await until('destination 1 stopped', async () => (await processes()).get(egress[0]!)?.state?.order === 'stop');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const after = await processes();
    expect(after.get(egress[0]!)?.state?.exec).not.toBe('running');
    expect(after.get(egress[1]!)?.state).toMatchObject({ exec: 'running', order: 'start' });
    expect(after.get(ingest)?.state).toMatchObject({ exec: 'running', order: 'start' });

    console.log(`journey: ${clicks} clicks, ${keystrokes} keystrokes`);
    expect(problems).toEqual([]);
  });
});
