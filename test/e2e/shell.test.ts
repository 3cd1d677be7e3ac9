// The built UI in a real browser, over both transports: fetch (served by the engine at /ui/) and IPC (the
// page loaded from disk as Electron does, with window.core bridged to the main process's IPC handler).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startEngine, type TestEngine } from '../helpers/engine.js';
import { repoRoot } from '../helpers/paths.js';
import { launchBrowser, openPage, screenshot } from './browser.js';
import { installIpcBridge } from './ipcBridge.js';

describe('control UI shell', () => {
  let engine: TestEngine;
  let browser: Browser;
  beforeAll(async () => {
    engine = await startEngine({ config: { name: 'e2e-core' } });
    browser = await launchBrowser({ fileAccess: true });
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`loads from the engine at /ui/ (${colorScheme}) without console errors or failed requests`, async () => {
      const { page, problems } = await openPage(browser, { colorScheme });
      await page.goto(`${engine.url}/ui/`);
      await page.getByRole('main').waitFor();
      expect(await page.title()).toContain('Streaming Appliance');
      await page.getByText('e2e-core').first().waitFor({ timeout: 10_000 });
      await screenshot(page, `shell-${colorScheme}`);
      expect(problems).toEqual([]);
    });
  }

  it('works over the IPC transport (the real preload bridged to the main process handlers)', async () => {
    const { page, problems } = await openPage(browser);
    const bridge = await installIpcBridge(page, engine.core, engine.dir);
    await page.goto(`file://${path.join(repoRoot, 'dist/renderer/index.html')}`);
    await page.getByText('e2e-core').first().waitFor({ timeout: 10_000 });
    expect(bridge.calls.get('core:request')).toBeGreaterThan(0);
    // Only what the preload exposes reaches the page: window.core and nothing of Electron or Node.
    expect(await page.evaluate(() => [typeof (window as unknown as { require?: unknown }).require, Object.keys(window.core ?? {}).sort().join(',')])).toEqual(['undefined', 'app,onEvent,request']);
    await screenshot(page, 'shell-ipc');
    expect(problems).toEqual([]);
  });
});
