// Every screen for reviewers (light and dark screenshots), the 1024×600 layout, keyboard navigation with a visible
// focus, and an accessible name on every control.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './browser.js';

const SCREENS = (ingest: string) => [
  { name: 'dashboard', hash: '#/dashboard', heading: 'Dashboard' },
  { name: 'channels', hash: '#/channels', heading: 'Channels' },
  { name: 'channel', hash: `#/channels/${encodeURIComponent(ingest)}`, heading: ingest },
  { name: 'new-channel', hash: '#/new', heading: 'Step 1 of 4: Source' },
  { name: 'files', hash: '#/files', heading: 'Files' },
  { name: 'viewers', hash: '#/viewers', heading: 'Viewers' },
  { name: 'settings', hash: '#/settings', heading: 'Settings' },
  { name: 'logs', hash: '#/logs', heading: 'Logs' },
];

async function show(page: Page, hash: string, heading: string): Promise<void> {
  await page.evaluate((value) => {
    window.location.hash = value;
  }, hash);
  await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
  await page.waitForTimeout(300); // charts and lists fill in
}

/** Controls without an accessible name, as a screen reader would find them (label, aria-*, text, title, alt). */
function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="switch"], [tabindex]:not([tabindex="-1"])')) {
      if (element.closest('[hidden], [inert]') || (element as HTMLInputElement).type === 'hidden') continue;
      const labelled = element.getAttribute('aria-labelledby')?.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join('') ?? '';
      const labels = 'labels' in element ? Array.from((element as HTMLInputElement).labels ?? []).map((label) => label.textContent ?? '').join('') : '';
      const name = [element.getAttribute('aria-label'), labelled, labels, element.textContent, element.getAttribute('title'), element.getAttribute('alt')].join('').trim();
      if (!name) problems.push(element.outerHTML.slice(0, 120));
    }
    return problems;
  });
}

export async function tourScreens(page: Page, ingest: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const screen of SCREENS(ingest)) {
      await show(page, screen.hash, screen.heading);
      await screenshot(page, `screen-${screen.name}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // The smallest supported window: nothing may stick out sideways (tables scroll inside their own box).
  await page.setViewportSize({ width: 1024, height: 600 });
  for (const screen of SCREENS(ingest)) {
    await show(page, screen.hash, screen.heading);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${screen.name} is wider than 1024 px`).toBeLessThanOrEqual(0);
    expect(await unnamedControls(page), `${screen.name} has controls without an accessible name`).toEqual([]);
    await screenshot(page, `screen-${screen.name}-1024x600`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Tab from the top: skip link first, then every navigation entry, each with a visible focus ring. */
export async function checkKeyboardAndNames(page: Page): Promise<void> {
  // A fresh load puts the keyboard at the top of the document (the session survives through its refresh token).
  const fresh = async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
  };
  await show(page, '#/dashboard', 'Dashboard');
  await fresh();
  const focused: { text: string; outline: string }[] = [];
  for (let step = 0; step < 12; step++) {
    await page.keyboard.press('Tab');
    focused.push(
      await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        if (element === document.body) return { text: '(end of page)', outline: 'n/a' };
        const style = getComputedStyle(element);
        return { text: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim(), outline: `${style.outlineStyle} ${style.outlineWidth}` };
      }),
    );
  }
  const texts = focused.map((entry) => entry.text);
  expect(texts[0]).toBe('Skip to content');
  const nav = ['Dashboard', 'Channels', 'Files', 'Viewers', 'Settings', 'Logs'];
  const start = texts.indexOf('Dashboard');
  expect(texts.slice(start, start + nav.length)).toEqual(nav);
  for (const entry of focused.filter((item) => item.outline !== 'n/a')) expect(entry.outline, `focus ring on ${entry.text}`).not.toMatch(/^none|0px$/);

  // The skip link moves focus into the content; Enter on a nav link opens its screen.
  await fresh();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Logs', exact: true }).waitFor();
}
