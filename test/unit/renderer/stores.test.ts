import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../../renderer/src/api/ApiClient.js';
import { TokenStore } from '../../../renderer/src/api/tokens.js';
import { createAuthStore } from '../../../renderer/src/store/auth.js';
import { createConfigStore } from '../../../renderer/src/store/config.js';
import { createMetricsStore } from '../../../renderer/src/store/metrics.js';
import { createProcessesStore } from '../../../renderer/src/store/processes.js';
import { createSessionsStore, summarize } from '../../../renderer/src/store/sessions.js';
import { about, fakeTransport, memoryStorage, process, token, visibleDocument, type Handler } from './fakes.js';

afterEach(() => vi.useRealTimers());

const clientFor = (routes: Record<string, Handler>) => {
  const fake = fakeTransport(routes);
  return { ...fake, client: new ApiClient({ transport: fake.transport, tokens: new TokenStore(memoryStorage()), setTimer: () => () => {} }) };
};

describe('auth store', () => {
  it('asks for a login when /api has no id, then logs in', async () => {
    const { client } = clientFor({
      'GET /api': (request) => ({ body: request.headers?.Authorization ? about : { app: 'datarhei-core', auths: ['localjwt'], version: { number: '16.0.0' } } }),
      'POST /api/login': () => ({ body: { access_token: token({ exi: 600 }), refresh_token: token({ exi: 9999 }) } }),
    });
    const store = createAuthStore(client);
    await store.getState().init();
    expect(store.getState().status).toBe('login');
    expect(await store.getState().login('admin', 'pw')).toBe(true);
    expect(store.getState()).toMatchObject({ status: 'ready', hadSession: true });
  });

  it('shows the API message for bad credentials', async () => {
    const { client } = clientFor({ 'POST /api/login': () => ({ status: 401, body: { code: 401, message: 'Invalid username or password', details: [] } }) });
    const store = createAuthStore(client);
    expect(await store.getState().login('admin', 'bad')).toBe(false);
    expect(store.getState().error).toBe('Invalid username or password');
  });
});

describe('processes store', () => {
  it('polls filter=state at 1 Hz only while visible', async () => {
    vi.useFakeTimers();
    const { client, requests } = clientFor({ 'GET /api/v3/process': () => ({ body: [process('a', 'running'), process('b', 'failed')] }) });
    const doc = visibleDocument();
    const store = createProcessesStore(client, doc);
    const release = store.getState().poll();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(requests).toHaveLength(3);
    expect(requests[0]!.url).toBe('/api/v3/process?filter=state');
    expect(store.getState().ids).toEqual(['a', 'b']);
    expect(store.getState().bitrate.a).toEqual([1500, 1500, 1500]);
    expect(store.getState().bitrate.b).toEqual([0, 0, 0]);
    doc.set('hidden');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(requests).toHaveLength(3);
    doc.set('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(4);
    release();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(requests).toHaveLength(4);
  });

  it('sends commands and refreshes', async () => {
    const { client, requests } = clientFor({
      'GET /api/v3/process': () => ({ body: [process('a', 'running')] }),
      'PUT /api/v3/process/a/command': () => ({ body: 'OK' }),
    });
    const store = createProcessesStore(client, visibleDocument());
    await store.getState().command('a', 'restart');
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual(['PUT /api/v3/process/a/command', 'GET /api/v3/process?filter=state']);
    expect(store.getState().pending.a).toBeUndefined();
  });
});

describe('metrics store', () => {
  it('turns cumulative network bytes into bit rates and idle into CPU use', async () => {
    let rx = 1000;
    let ts = 100;
    const { client } = clientFor({
      'POST /api/v3/metrics': () => {
        ts += 2;
        rx += 2000;
        return {
          body: {
            metrics: [
              { name: 'cpu_idle', labels: {}, values: [[ts, 75]] },
              { name: 'mem_total', labels: {}, values: [[ts, 1000]] },
              { name: 'mem_free', labels: {}, values: [[ts, 400]] },
              { name: 'net_rx', labels: { interface: 'eth0' }, values: [[ts, rx]] },
              { name: 'net_rx', labels: { interface: 'lo' }, values: [[ts, 99999]] },
            ],
          },
        };
      },
    });
    const store = createMetricsStore(client, visibleDocument());
    await store.getState().refresh();
    await store.getState().refresh();
    const series = store.getState().series;
    expect(series.cpuPercent).toEqual([25, 25]);
    expect(series.memUsedBytes).toEqual([600, 600]);
    expect(series.rxBitsPerSec).toEqual([0, 8000]);
  });

  it('opens with the history the engine kept (timerange query), then continues live', async () => {
    const queries: Array<Record<string, unknown>> = [];
    const { client } = clientFor({
      'POST /api/v3/metrics': (request) => {
        const query = JSON.parse(request.body!) as Record<string, unknown>;
        queries.push(query);
        if (query.timerange_sec)
          return {
            body: {
              metrics: [
                { name: 'cpu_idle', labels: {}, values: [[10, 90], [12, 80], [14, 70]] },
                { name: 'mem_total', labels: {}, values: [[10, 1000], [12, 1000], [14, 1000]] },
                { name: 'mem_free', labels: {}, values: [[10, 500], [12, 400], [14, 300]] },
                { name: 'net_tx', labels: { interface: 'eth0' }, values: [[10, 0], [12, 1000], [14, 3000]] },
                { name: 'net_tx', labels: { interface: 'eth1' }, values: [[10, 0], [12, 1000], [14, 1000]] },
                { name: 'gpu_ngpu', labels: {}, values: [[10, 2], [12, 2], [14, 2]] },
                { name: 'gpu_usage', labels: { index: '0' }, values: [[10, 10], [12, 30], [14, 50]] },
                { name: 'gpu_usage', labels: { index: '1' }, values: [[10, 10], [12, 10], [14, 30]] },
              ],
            },
          };
        return { body: { metrics: [{ name: 'cpu_idle', labels: {}, values: [[16, 50]] }, { name: 'net_tx', labels: { interface: 'eth0' }, values: [[16, 3000]] }] } };
      },
    });
    const store = createMetricsStore(client, visibleDocument());
    await store.getState().loadHistory();
    await store.getState().refresh();
    expect(queries[0]).toMatchObject({ timerange_sec: 300, interval_sec: 2 });
    const series = store.getState().series;
    expect(series.ts).toEqual([12, 14, 16]);
    expect(series.cpuPercent).toEqual([20, 30, 50]);
    expect(series.memUsedBytes.slice(0, 2)).toEqual([600, 700]);
    expect(series.txBitsPerSec).toEqual([8000, 8000, 0]);
    // Two GPUs: the chart shows their mean; the live sample has no GPU metrics.
    expect(series.gpuPercent).toEqual([20, 40, 0]);
  });
});

describe('sessions store', () => {
  it('summarizes viewers and bandwidth per collector', async () => {
    const session = (id: string, kbit: number) => ({ id, reference: 'ch', local: '', remote: '1.2.3.4', created_at: 0, bytes_rx: 0, bytes_tx: 0, bandwidth_rx_kbit: 0, bandwidth_tx_kbit: kbit });
    const { client, requests } = clientFor({ 'GET /api/v3/session/active': () => ({ body: { hls: [session('1', 100), session('2', 50)], rtmp: [] } }) });
    const store = createSessionsStore(client, visibleDocument());
    await store.getState().refresh();
    expect(requests[0]!.url).toBe('/api/v3/session/active?collectors=hls%2Crtmp%2Csrt');
    expect(summarize(store.getState().active, 'hls')).toEqual({ viewers: 2, txKbit: 150 });
    expect(summarize(store.getState().active, 'srt')).toEqual({ viewers: 0, txKbit: 0 });
  });
});

describe('config store', () => {
  it('saves, reloads and waits for a new created_at', async () => {
    let created = 'one';
    let polls = 0;
    const { client, requests } = clientFor({
      'GET /api': () => {
        polls += 1;
        if (polls === 3) created = 'two';
        return { body: { ...about, created_at: created } };
      },
      'PUT /api/v3/config': () => ({ body: {} }),
      'GET /api/v3/config/reload': () => ({ body: 'OK' }),
      'GET /api/v3/config': () => ({ body: { created_at: '', loaded_at: '', updated_at: '', config: { name: 'x' }, overrides: [] } }),
    });
    const reloaded: string[] = [];
    const store = createConfigStore(client, async () => {}, 60, (about) => reloaded.push(about.created_at ?? ''));
    expect(await store.getState().saveAndReload({ name: 'x' })).toBe(true);
    expect(store.getState()).toMatchObject({ phase: 'done', attempt: 2 });
    // The new about record goes to whoever shows it (the header's engine name).
    expect(reloaded).toEqual(['two']);
    expect(requests.map((request) => `${request.method} ${request.url}`)).toContain('PUT /api/v3/config');
  });
});
