// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../renderer/src/api/ApiClient.js';
import { TokenStore } from '../../../renderer/src/api/tokens.js';
import type { ProcessConfig } from '../../../renderer/src/api/types.js';
import { App } from '../../../renderer/src/App.js';
import { createAppStores } from '../../../renderer/src/store/index.js';
import { about, fakeTransport, memoryStorage, visibleDocument, type Handler } from './fakes.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const config = {
  created_at: '',
  loaded_at: '',
  updated_at: '',
  config: { version: 3, host: { name: [] }, rtmp: { enable: true, address: ':1935', app: '/', token: '' }, srt: { enable: false } },
  overrides: [],
};

function mount(routes: Record<string, Handler>) {
  window.location.hash = '#/new';
  const fake = fakeTransport({
    'GET /api': () => ({ body: { ...about, auths: [] } }),
    'GET /api/v3/config': () => ({ body: config }),
    'GET /api/v3/skills': () => ({ body: { ffmpeg: { version: '7.1' }, devices: { demuxers: [], muxers: [] }, hardware_encoders: [{ id: 'h264_vaapi', codec: 'h264', api: 'vaapi', works: false }] } }),
    'GET /api/v3/process': () => ({ body: [] }),
    ...routes,
  });
  const client = new ApiClient({ transport: fake.transport, tokens: new TokenStore(memoryStorage()), setTimer: () => () => {} });
  render(createElement(App, { stores: createAppStores(client, visibleDocument()) }));
  return fake;
}

async function setChannel(name: string) {
  const input = await screen.findByLabelText('Channel name');
  fireEvent.change(input, { target: { value: name } });
}

describe('New channel wizard', () => {
  it('shows the RTMP address, waits for the stream, and creates ingest + egress processes', async () => {
    let published = false;
    const created: ProcessConfig[] = [];
    const { requests } = mount({
      'GET /api/v3/rtmp': () => ({ body: published ? [{ name: '/studio.stream' }] : [] }),
      'POST /api/v3/process': (request) => {
        created.push(JSON.parse(request.body!) as ProcessConfig);
        return { body: JSON.parse(request.body!) };
      },
    });
    expect(await screen.findByRole('heading', { name: 'New channel' })).toBeTruthy();
    await setChannel('studio');
    fireEvent.click(screen.getByRole('radio', { name: /RTMP publish/ }));
    expect(((await screen.findByLabelText('Server URL')) as HTMLInputElement).value).toBe('rtmp://localhost:1935');
    expect((screen.getByLabelText('Stream key') as HTMLInputElement).value).toBe('studio.stream');
    expect(screen.getByRole('button', { name: 'Copy Server URL' })).toBeTruthy();
    expect(screen.getByText(/Waiting for the stream/)).toBeTruthy();
    published = true;
    expect(await screen.findByText(/Receiving the stream/, undefined, { timeout: 3000 })).toBeTruthy();
    expect(requests.some((request) => request.url === '/api/v3/rtmp')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('heading', { name: 'Step 2 of 4: Encoding' })).toBeTruthy();
    expect((screen.getByRole('radio', { name: /Pass-through/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: /H.264/ }));
    // Only working hardware encoders are offered: the failed vaapi one is left out.
    const encoder = screen.getByLabelText('H.264 encoder') as HTMLSelectElement;
    expect([...encoder.options].map((option) => option.value)).toEqual(['libx264']);
    fireEvent.click(screen.getByRole('radio', { name: /Pass-through/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByRole('heading', { name: 'Step 3 of 4: Outputs' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add destination' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Destination 1: Enter the stream key.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Stream key'), { target: { value: 'yt-key' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add destination' }));
    const second = screen.getByRole('group', { name: 'Destination 2' });
    fireEvent.change(within(second).getByLabelText('Service'), { target: { value: 'custom' } });
    fireEvent.change(within(second).getByLabelText('URL'), { target: { value: 'rtmp://127.0.0.1/dest2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByRole('heading', { name: 'Step 4 of 4: Review' })).toBeTruthy();
    expect(screen.getByText('FFmpeg process bodies (JSON, for experts)')).toBeTruthy();
    expect(screen.getByLabelText('Process bodies as JSON').textContent).toContain('#ui:ingest:studio:output=out');
    fireEvent.click(screen.getByRole('button', { name: 'Create channel' }));
    await waitFor(() => expect(window.location.hash).toBe('#/channels/ui%3Aingest%3Astudio'));
    expect(created.map((body) => body.id)).toEqual(['ui:ingest:studio', 'ui:egress:1:studio', 'ui:egress:2:studio']);
    expect(created[1]!.output[0]!.address).toBe('rtmp://a.rtmp.youtube.com/live2/yt-key');
    expect(created[2]!.output[0]!.address).toBe('rtmp://127.0.0.1/dest2');
  });

  it('probes a network URL through a temporary process and shows the API error when create fails', async () => {
    const { requests } = mount({
      'POST /api/v3/process': (request) => {
        const body = JSON.parse(request.body!) as ProcessConfig;
        if (body.id.startsWith('ui:egress')) return { status: 400, body: { code: 400, message: 'Invalid process config', details: ['bad address'] } };
        return { body };
      },
      'DELETE /api/v3/process/ui%3Aprobe%3Acam': () => ({ body: 'OK' }),
      'GET /api/v3/process/ui%3Aprobe%3Acam/probe': () => ({
        body: { streams: [{ type: 'video', codec: 'h264', width: 1920, height: 1080, fps: 25 }, { type: 'audio', codec: 'aac', sampling_hz: 48000, layout: 'stereo' }], log: [] },
      }),
    });
    await setChannel('cam');
    fireEvent.click(screen.getByRole('radio', { name: /Capture device/ }));
    expect(await screen.findByText('No capture devices found.')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: /Network URL/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText(/Enter a full URL/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Stream URL'), { target: { value: 'rtsp://camera.local/1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Probe' }));
    const table = await screen.findByRole('table', { name: 'Streams found' });
    expect(within(table).getByText('1920×1080, 25 fps')).toBeTruthy();
    const probeCalls = requests.filter((request) => request.url.includes('ui%3Aprobe') || (request.method === 'POST' && request.body?.includes('ui:probe')));
    expect(probeCalls.map((request) => request.method)).toEqual(['DELETE', 'POST', 'GET', 'DELETE']);
    expect(JSON.parse(probeCalls[1]!.body!).autostart).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Next' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Add destination' }));
    fireEvent.change(screen.getByLabelText('Stream key'), { target: { value: 'k' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Create channel' }));
    expect((await screen.findByText('Invalid process config: bad address')).getAttribute('role')).toBe('alert');
    expect(window.location.hash).toBe('#/new');
  });
});
