// The main window's security: web preferences, CSP on every response, blocked navigation and windows, permissions.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { contentSecurityPolicy, createMainWindow, isExternalLink } from '../../main/desktop/window.js';
import { FakeWindow } from './fakeElectron.js';

function makeWindow(allowMedia = false) {
  const external: string[] = [];
  const window = createMainWindow({
    BrowserWindow: FakeWindow as any,
    shell: { openExternal: async (url) => void external.push(url) },
    preload: '/app/dist/preload/index.cjs',
    indexFile: '/app/dist/renderer/index.html',
    engineOrigin: () => 'http://127.0.0.1:8080',
    bounds: { x: 5, y: 6, width: 1000, height: 700 },
    allowMedia: () => allowMedia,
  }) as unknown as FakeWindow;
  return { window, external };
}

describe('main window', () => {
  it('is created isolated, sandboxed, without node, with the remembered bounds', () => {
    const { window } = makeWindow();
    expect(window.options).toMatchObject({ x: 5, y: 6, width: 1000, height: 700, show: false });
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
  });

  it('sets a strict CSP on every response, replacing any the server sent', () => {
    const { window } = makeWindow();
    let response: any;
    window.webContents.session.headersListener!(
      { url: 'file:///app/dist/renderer/index.html', responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      (r) => (response = r),
    );
    const csp = response.responseHeaders['Content-Security-Policy'][0] as string;
    expect(response.responseHeaders['content-security-policy']).toBeUndefined();
    expect(response.responseHeaders['X-Other']).toEqual(['1']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/media-src 'self' blob: http:\/\/127\.0\.0\.1:8080/);
    expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:8080/);
    expect(csp).not.toMatch(/unsafe-eval|\*/);
    expect(contentSecurityPolicy(null)).not.toContain('127.0.0.1');
  });

  it('blocks navigation and new windows; external links go to the system browser', async () => {
    const { window, external } = makeWindow();
    expect(window.webContents.navigate('https://evil.example/')).toBe(true);
    expect(window.webContents.navigate('file:///etc/passwd')).toBe(true);
    expect(window.webContents.navigate('http://127.0.0.1:8080/ui/', 'will-redirect')).toBe(true);
    expect(window.webContents.openHandler!({ url: 'https://datarhei.com/docs' })).toEqual({ action: 'deny' });
    expect(window.webContents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(window.webContents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(external).toEqual(['https://datarhei.com/docs']);
    expect(isExternalLink('smb://host/share')).toBe(false);
  });

  it('denies every permission, and media only while the UI asks for camera/microphone', () => {
    const ask = (allow: boolean, permission: string, details: any = {}) => {
      const { window } = makeWindow(allow);
      let granted: boolean | undefined;
      window.webContents.session.permissionHandler!({}, permission, (g) => (granted = g), details);
      return granted;
    };
    for (const permission of ['geolocation', 'notifications', 'openExternal', 'clipboard-read', 'display-capture', 'midiSysex']) {
      expect(ask(true, permission), permission).toBe(false);
    }
    expect(ask(false, 'media', { mediaTypes: ['video'] })).toBe(false);
    expect(ask(true, 'media', { mediaTypes: ['video', 'audio'] })).toBe(true);
    expect(ask(true, 'media', { mediaTypes: ['video', 'screen'] })).toBe(false);
    const { window } = makeWindow(false);
    expect(window.webContents.session.permissionCheck!({}, 'media', 'file://')).toBe(false);
    expect(window.webContents.session.permissionCheck!({}, 'geolocation', 'file://')).toBe(false);
  });

  it('the page carries the same policy in a meta tag (file:// loads and browsers on the LAN get it too)', () => {
    const html = readFileSync(path.join(repoRoot, 'renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    const directives = (policy: string) => new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.sort().join(' ')]));
    // The window's header names the engine's concrete origin; the static meta allows any local port of it.
    const header = directives(contentSecurityPolicy('http://127.0.0.1:*'));
    header.delete('frame-ancestors'); // not allowed in a meta tag (the header covers it)
    expect(directives(meta)).toEqual(header);
  });
});
