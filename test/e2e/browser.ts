// Debian's Chromium driven by playwright-core (no browser download): a page that fails the test on console
// errors or failed requests, and screenshots saved for reviewers under test/e2e/screenshots/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../helpers/paths.js';

export const SCREENSHOTS = path.join(repoRoot, 'test/e2e/screenshots');

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
];

/** `fileAccess`: pages loaded from file:// may load their module scripts (what Electron's loadFile does). */
export async function launchBrowser(options: { fileAccess?: boolean } = {}): Promise<Browser> {
  // playwright gives every launch a fresh, empty profile directory of its own.
  const extra = options.fileAccess ? ['--allow-file-access-from-files'] : [];
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...FLAGS, ...extra] });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and failed requests seen so far (a test ends by expecting this to be empty). */
  problems: string[];
}

export async function openPage(browser: Browser, options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: options.viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return { page, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
