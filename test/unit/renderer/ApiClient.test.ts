import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../../renderer/src/api/ApiClient.js';
import { ApiError } from '../../../renderer/src/api/ApiError.js';
import { REFRESH_TOKEN_KEY, TokenStore } from '../../../renderer/src/api/tokens.js';
import { fakeTransport, memoryStorage, token } from './fakes.js';

afterEach(() => vi.useRealTimers());

describe('ApiClient', () => {
  it('logs in, keeps the refresh token in storage and sends the access token', async () => {
    const storage = memoryStorage();
    const access = token({ usefor: 'access', exi: 600 });
    const { transport, requests } = fakeTransport({
      'POST /api/login': () => ({ body: { access_token: access, refresh_token: token({ usefor: 'refresh', exi: 86400 }) } }),
      'GET /api/v3/process': () => ({ body: [] }),
    });
    const client = new ApiClient({ transport, tokens: new TokenStore(storage), setTimer: () => () => {} });
    await client.login('admin', 'secret');
    expect(JSON.parse(requests[0]!.body!)).toEqual({ username: 'admin', password: 'secret' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeTruthy();
    await client.processes(['state']);
    expect(requests[1]!.url).toBe('/api/v3/process?filter=state');
    expect(requests[1]!.headers!.Authorization).toBe(`Bearer ${access}`);
  });

  it('schedules the refresh at exi - 60 seconds', async () => {
    vi.useFakeTimers();
    const { transport, requests } = fakeTransport({
      'POST /api/login': () => ({ body: { access_token: token({ exi: 600 }), refresh_token: token({ exi: 86400 }) } }),
      'GET /api/login/refresh': () => ({ body: { access_token: token({ exi: 600, jti: 'new' }) } }),
    });
    const client = new ApiClient({ transport, tokens: new TokenStore(memoryStorage()) });
    await client.login('a', 'b');
    await vi.advanceTimersByTimeAsync(539_000);
    expect(requests.some((request) => request.url === '/api/login/refresh')).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests.filter((request) => request.url === '/api/login/refresh')).toHaveLength(1);
  });

  it('on 401 refreshes once and retries', async () => {
    const fresh = token({ exi: 600, jti: 'fresh' });
    const tokens = new TokenStore(memoryStorage());
    tokens.set(token({ exi: 600, jti: 'old' }), token({ exi: 86400 }));
    const { transport, requests } = fakeTransport({
      'GET /api/login/refresh': () => ({ body: { access_token: fresh } }),
      'GET /api/v3/config': (request) =>
        request.headers!.Authorization === `Bearer ${fresh}` ? { body: { config: {} } } : { status: 401, body: { code: 401, message: 'Missing or invalid JWT token', details: [] } },
    });
    const client = new ApiClient({ transport, tokens, setTimer: () => () => {} });
    await expect(client.config()).resolves.toEqual({ config: {} });
    expect(requests.map((request) => request.url)).toEqual(['/api/v3/config', '/api/login/refresh', '/api/v3/config']);
  });

  it('on a 401 that a refresh cannot fix, throws ApiError and signals login', async () => {
    const tokens = new TokenStore(memoryStorage());
    tokens.set(token({ exi: 600 }), token({ exi: 86400 }));
    const { transport } = fakeTransport({
      'GET /api/login/refresh': () => ({ status: 401, body: { code: 401, message: 'Invalid token', details: [] } }),
      'GET /api/v3/config': () => ({ status: 401, body: { code: 401, message: 'Missing or invalid JWT token', details: ['expired'] } }),
    });
    const client = new ApiClient({ transport, tokens, setTimer: () => () => {} });
    const unauthorized = vi.fn();
    client.onUnauthorized(unauthorized);
    const error = await client.config().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, message: 'Missing or invalid JWT token', details: ['expired'] });
    expect(unauthorized).toHaveBeenCalledTimes(1);
    expect(tokens.refresh).toBeNull();
  });

  it('drops a token without the exi claim', async () => {
    const { transport } = fakeTransport({ 'POST /api/login': () => ({ body: { access_token: token({ exp: 1 }), refresh_token: 'x' } }) });
    const client = new ApiClient({ transport, tokens: new TokenStore(memoryStorage()), setTimer: () => () => {} });
    await expect(client.login('a', 'b')).rejects.toBeInstanceOf(ApiError);
    expect(client.hasSession).toBe(false);
  });

  it('encodes process ids in paths', async () => {
    const { transport, requests } = fakeTransport({ 'PUT /api/v3/process/restreamer-ui%3Aingest%3Aabc/command': () => ({ body: 'OK' }) });
    const client = new ApiClient({ transport, tokens: new TokenStore(memoryStorage()) });
    await client.command('restreamer-ui:ingest:abc', 'start');
    expect(JSON.parse(requests[0]!.body!)).toEqual({ command: 'start' });
  });

  it('uploads and downloads binary files over a string-only transport as base64', async () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, index) => (index * 31) % 256);
    let stored = '';
    const { transport, requests } = fakeTransport({
      'PUT /api/v3/fs/disk/clips/a%20b.bin': (request) => {
        stored = request.body ?? '';
        return { status: 201, body: 'clips/a b.bin' };
      },
    });
    const client = new ApiClient({ transport });
    const progress: number[] = [];
    await client.upload('disk', '/clips/a b.bin', new Blob([bytes]), (fraction) => progress.push(fraction));
    expect(requests[0]).toMatchObject({ method: 'PUT', url: '/api/v3/fs/disk/clips/a%20b.bin', bodyEncoding: 'base64' });
    expect(Buffer.from(stored, 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(progress.at(-1)).toBe(1);

    const download = new ApiClient({
      transport: async (request) => {
        expect(request).toMatchObject({ method: 'GET', url: '/api/v3/fs/disk/clips/a%20b.bin', responseEncoding: 'base64' });
        return { status: 200, headers: { 'content-type': 'video/mp4' }, body: stored, bodyEncoding: 'base64' };
      },
    });
    const blob = await download.download('disk', 'clips/a b.bin');
    expect(blob.type).toBe('video/mp4');
    expect(Buffer.from(await blob.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reports a failed download with the API message', async () => {
    const { transport } = fakeTransport({ 'GET /api/v3/fs/disk/missing': () => ({ status: 404, body: { code: 404, message: 'File not found', details: [] } }) });
    await expect(new ApiClient({ transport }).download('disk', 'missing')).rejects.toThrow('File not found');
  });
});
