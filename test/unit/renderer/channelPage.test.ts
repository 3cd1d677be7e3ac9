// @vitest-environment jsdom
// The channel page's parts against a fake engine: destinations with enable/disable, probe, metadata, form editor,
// and the settings screen's essentials and desktop-app section.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreBridge, CoreEvent, UpdateStatus } from '../../../preload/bridge.js';
import { ApiClient } from '../../../renderer/src/api/ApiClient.js';
import { TokenStore } from '../../../renderer/src/api/tokens.js';
import { App } from '../../../renderer/src/App.js';
import { fromLines, toLines } from '../../../renderer/src/pages/channel/ConfigForm.js';
import { siblingsOf } from '../../../renderer/src/pages/channel/Destinations.js';
import { describeUpdate } from '../../../renderer/src/pages/settings/DesktopSettings.js';
import { createAppStores } from '../../../renderer/src/store/index.js';
import { about, fakeTransport, memoryStorage, process, visibleDocument, type Handler } from './fakes.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
  delete window.core;
});

function mount(routes: Record<string, Handler>, hash: string) {
  window.location.hash = hash;
  const fake = fakeTransport({ 'GET /api': () => ({ body: { ...about, auths: [] } }), ...routes });
  const client = new ApiClient({ transport: fake.transport, tokens: new TokenStore(memoryStorage()), setTimer: () => () => {} });
  render(createElement(App, { stores: createAppStores(client, visibleDocument()) }));
  return fake;
}

const ingestConfig = {
  id: 'ui:ingest:cam',
  reference: 'cam',
  input: [{ id: 'in', address: 'rtmp://127.0.0.1/cam.stream', options: ['-rw_timeout', '10000000'] }],
  output: [{ id: 'hls', address: '{memfs}/cam.m3u8', options: ['-f', 'hls'] }],
  options: ['-err_detect', 'ignore_err'],
  autostart: true,
  reconnect: true,
  reconnect_delay_seconds: 15,
  stale_timeout_seconds: 30,
};

function channelRoutes(extra: Record<string, Handler> = {}): Record<string, Handler> {
  const ref = { reference: 'cam' };
  return {
    'GET /api/v3/process': () => ({
      body: [
        { ...process('ui:ingest:cam', 'running'), ...ref },
        { ...process('ui:egress:1:cam', 'running'), ...ref },
        { ...process('ui:egress:2:cam', 'finished'), ...ref },
        process('other', 'running'),
      ],
    }),
    'GET /api/v3/process/ui%3Aingest%3Acam': () => ({ body: { ...process('ui:ingest:cam', 'running'), ...ref, config: ingestConfig } }),
    'GET /api/v3/process/ui%3Aingest%3Acam/metadata': () => ({ body: { ui: { title: 'Cam' } } }),
    'GET /api/v3/fs/mem': () => ({ body: [] }),
    ...extra,
  };
}

describe('channel page', () => {
  it('lists the channel’s destinations and enables/disables one without touching the others', async () => {
    const { requests } = mount({ ...channelRoutes(), 'PUT /api/v3/process/ui%3Aegress%3A1%3Acam/command': () => ({ body: 'OK' }) }, '#/channels/ui%3Aingest%3Acam');
    const first = await screen.findByRole('switch', { name: 'Enable ui:egress:1:cam' });
    const second = screen.getByRole('switch', { name: 'Enable ui:egress:2:cam' });
    expect((first as HTMLInputElement).checked).toBe(true);
    expect((second as HTMLInputElement).checked).toBe(false);
    expect(screen.queryByRole('switch', { name: 'Enable other' })).toBeNull();
    fireEvent.click(first);
    await waitFor(() => {
      const commands = requests.filter((request) => request.url.endsWith('/command'));
      expect(commands.map((request) => [request.url, JSON.parse(request.body!).command])).toEqual([['/api/v3/process/ui%3Aegress%3A1%3Acam/command', 'stop']]);
    });
  });

  it('probes on demand and shows the streams', async () => {
    mount(
      {
        ...channelRoutes(),
        'GET /api/v3/process/ui%3Aingest%3Acam/probe': () => ({
          body: { streams: [{ index: 0, stream: 0, type: 'video', codec: 'h264', width: 1280, height: 720, fps: 25 }, { index: 0, stream: 1, type: 'audio', codec: 'aac', sampling_hz: 48000, layout: 'stereo' }], log: [] },
        }),
      },
      '#/channels/ui%3Aingest%3Acam',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Probe inputs' }));
    const table = await screen.findByRole('table', { name: 'Streams found' });
    expect(within(table).getByText('1280×720, 25 fps')).toBeTruthy();
    expect(within(table).getByText('48000 Hz, stereo')).toBeTruthy();
  });

  it('shows metadata and saves a key as JSON, refusing invalid JSON', async () => {
    const { requests } = mount({ ...channelRoutes(), 'PUT /api/v3/process/ui%3Aingest%3Acam/metadata/notes': () => ({ body: { text: 'hi' } }) }, '#/channels/ui%3Aingest%3Acam');
    expect(await screen.findByText('{"title":"Cam"}')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Key'), { target: { value: 'notes' } });
    fireEvent.change(screen.getByLabelText('Value (JSON)'), { target: { value: '{text:' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save metadata' }));
    expect((await screen.findByText(/not valid JSON/)).textContent).toContain('not valid JSON');
    fireEvent.change(screen.getByLabelText('Value (JSON)'), { target: { value: '{"text":"hi"}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save metadata' }));
    await waitFor(() => expect(requests.some((request) => request.method === 'PUT' && request.url.endsWith('/metadata/notes'))).toBe(true));
    expect(JSON.parse(requests.find((request) => request.url.endsWith('/metadata/notes'))!.body!)).toEqual({ text: 'hi' });
  });

  it('edits the config as a form (one argument per line) and sends the whole config', async () => {
    let saved: unknown = null;
    mount(
      {
        ...channelRoutes(),
        'PUT /api/v3/process/ui%3Aingest%3Acam': (request) => {
          saved = JSON.parse(request.body!);
          return { body: saved };
        },
      },
      '#/channels/ui%3Aingest%3Acam',
    );
    const delay = await screen.findByLabelText('Reconnect delay (s)');
    fireEvent.change(delay, { target: { value: '5' } });
    const inputOptions = within(screen.getByRole('group', { name: 'Input in' })).getByLabelText('Options (one argument per line)');
    fireEvent.change(inputOptions, { target: { value: '-rw_timeout\n5000000\n\n-re' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Validate and save' })[0]!);
    await waitFor(() => expect(saved).not.toBeNull());
    expect(saved).toMatchObject({ id: 'ui:ingest:cam', reconnect_delay_seconds: 5, input: [{ id: 'in', options: ['-rw_timeout', '5000000', '-re'] }], output: ingestConfig.output });
  });

  it('helpers: siblings share the reference; option lines round-trip', () => {
    const byId = { a: { id: 'a', reference: 'r' }, b: { id: 'b', reference: 'r' }, c: { id: 'c', reference: 'x' }, d: { id: 'd' } };
    expect(siblingsOf(byId, ['a', 'b', 'c', 'd'], 'a')).toEqual(['b']);
    expect(siblingsOf(byId, ['a', 'b', 'c', 'd'], 'd')).toEqual([]);
    expect(fromLines(toLines(['-f', 'hls', '-hls_time', '2']))).toEqual(['-f', 'hls', '-hls_time', '2']);
  });
});

describe('settings', () => {
  const configRoute: Handler = () => ({
    body: { created_at: '', loaded_at: '1', updated_at: '1', config: { version: 3, name: 'core', api: { auth: { enable: true, username: 'admin', password: 'x' } }, rtmp: { enable: false }, srt: { enable: true } }, overrides: ['srt.enable'] },
  });

  it('offers the essentials in words, locked where the environment decides', async () => {
    mount({ 'GET /api/v3/config': configRoute }, '#/settings');
    const rtmp = await screen.findByRole('checkbox', { name: 'RTMP server (OBS and encoders publish here)' });
    expect((rtmp as HTMLInputElement).disabled).toBe(false);
    expect((screen.getByRole('checkbox', { name: 'SRT server' }) as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(rtmp);
    // The essentials edit the same draft as the full form.
    expect((screen.getByRole('checkbox', { name: 'rtmp.enable' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('heading', { name: /Desktop app/ })).toBeNull();
  });

  it('inside the app: app settings, update progress from pushed events, install when ready', async () => {
    const listeners = new Set<(event: CoreEvent) => void>();
    const calls: string[] = [];
    let settings = { closeToTray: true, launchAtLogin: false, updateChannel: 'stable' as const, updateFeedUrl: 'http://127.0.0.1:8090/updates' };
    const idle: UpdateStatus = { state: 'none', checkedAt: new Date(0).toISOString() };
    window.core = {
      request: async () => ({ status: 404, headers: {}, body: '' }),
      onEvent: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      app: {
        version: async () => ({ app: '1.2.3', electron: '38', chrome: '140', node: '22', platform: 'linux' }),
        lanAddresses: async () => ({ port: 8080, urls: [] }),
        updateStatus: async () => idle,
        updateAction: async (action) => {
          calls.push(`update:${action}`);
          return action === 'check' ? { state: 'checking' } : { state: 'ready', version: '1.3.0' };
        },
        openDataFolder: async () => void calls.push('data'),
        openLogsFolder: async () => void calls.push('logs'),
        chooseFolder: async () => null,
        getSettings: async () => settings,
        setSettings: async (patch) => {
          calls.push(`set:${JSON.stringify(patch)}`);
          settings = { ...settings, ...patch } as typeof settings;
          return settings;
        },
        requestMediaAccess: async () => true,
        firstRun: async () => ({ pending: false, username: 'admin', generatedPassword: null }),
        completeFirstRun: async () => {},
      },
    } satisfies CoreBridge;
    mount({ 'GET /api/v3/config': configRoute }, '#/settings');
    await screen.findByRole('heading', { name: 'Desktop app 1.2.3' });
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Start at login' }));
    fireEvent.change(screen.getByLabelText('Update channel'), { target: { value: 'beta' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check for updates' }));
    await waitFor(() => expect(calls).toEqual(['set:{"launchAtLogin":true}', 'set:{"updateChannel":"beta"}', 'update:check']));
    for (const listener of listeners) listener({ type: 'update', update: { state: 'downloading', version: '1.3.0', percent: 42 } });
    expect(await screen.findByText('Downloading version 1.3.0: 42 %')).toBeTruthy();
    expect((screen.getByRole('progressbar', { name: 'Update download' }) as HTMLProgressElement).value).toBe(42);
    for (const listener of listeners) listener({ type: 'update', update: { state: 'ready', version: '1.3.0' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Restart and install' }));
    fireEvent.click(screen.getByRole('button', { name: 'Open logs folder' }));
    await waitFor(() => expect(calls.slice(3)).toEqual(['update:install', 'logs']));
    expect(describeUpdate({ state: 'error', message: 'sha512 checksum mismatch' })).toContain('sha512 checksum mismatch');
  });
});

describe('viewers', () => {
  it('shows totals against the configured limits', async () => {
    const session = (id: string, kbit: number) => ({ id, reference: 'cam', local: '/memfs/cam.m3u8', remote: '10.0.0.2', created_at: Date.now() / 1000 - 65, bytes_rx: 0, bytes_tx: 2048, bandwidth_rx_kbit: 0, bandwidth_tx_kbit: kbit });
    mount(
      {
        'GET /api/v3/session/active': () => ({ body: { hls: [session('a', 1500), session('b', 500)], rtmp: [session('c', 1000)], srt: [] } }),
        'GET /api/v3/config': () => ({ body: { created_at: '', loaded_at: '1', updated_at: '1', config: { version: 3, sessions: { max_sessions: 10, max_bitrate_mbit: 50 } }, overrides: [] } }),
      },
      '#/viewers',
    );
    const meter = await screen.findByRole('meter', { name: 'Viewers against the limit' });
    expect(meter.getAttribute('value')).toBe('3');
    expect(meter.getAttribute('max')).toBe('10');
    expect(screen.getByRole('meter', { name: 'Bandwidth against the limit' }).getAttribute('value')).toBe('3000');
    expect(screen.getByText(/of at most 50 Mbit\/s/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'HLS (2)' })).toBeTruthy();
  });
});
