// The built UI in a real browser, over both transports: fetch (served by the engine at /ui/) and IPC (the
// page loaded from disk as Electron does, with window.core bridged to the main process's IPC handler).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startEngine, type TestEngine } from '../helpers/engine.js';
import { repoRoot } from '../helpers/paths.js';
import { answerCoreRequest } from '../../main/desktop/ipc.js';
import { launchBrowser, openPage, screenshot } from './browser.js';

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

  it('works over the IPC transport (window.core bridged to the main process handler)', async () => {
    const { page, problems } = await openPage(browser);
    let requests = 0;
    await page.exposeFunction('__coreRequest', (request: unknown) => {
      requests++;
      return answerCoreRequest(engine.core, request);
    });
    // The same shape the preload exposes with contextBridge (preload/index.ts).
    await page.addInitScript(() => {
      (window as unknown as { core: unknown }).core = {
        request: (request: unknown) => (window as unknown as { __coreRequest: (r: unknown) => Promise<unknown> }).__coreRequest(request),
      };
    });
    await page.goto(`file://${path.join(repoRoot, 'dist/renderer/index.html')}`);
    await page.getByText('e2e-core').first().waitFor({ timeout: 10_000 });
    expect(requests).toBeGreaterThan(0);
    await screenshot(page, 'shell-ipc');
    expect(problems).toEqual([]);
  });
});
