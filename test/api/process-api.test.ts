// The process API's edges with a fake ffmpeg: validation errors, unknown ids, limits, metadata, widget, skills, probe.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { contractViolations } from '../helpers/contract.js';
import { repoRoot } from '../helpers/paths.js';
import { waitFor } from '../helpers/waitFor.js';

const FAKE = path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs');

const process = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  input: [{ id: 'in', address: 'testsrc', options: ['-f', 'lavfi'] }],
  output: [{ id: 'out', address: '-', options: ['-f', 'null'] }],
  autostart: false,
  ...extra,
});

describe('process API edges', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ config: { ffmpeg: { binary: FAKE, max_processes: 2 } } });
  });
  afterAll(() => engine.stop());

  it('generates missing ids and fills Core defaults', async () => {
    const created = await call(engine.url, 'POST', '/api/v3/process', {
      body: { input: [{ address: 'testsrc', options: ['-f', 'lavfi'] }], output: [{ address: '-', options: ['-f', 'null'] }], autostart: false },
    });
    expect(created.status, created.text).toBe(200);
    expect(created.body.id).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(created.body.input[0].id).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(created.body).toMatchObject({ type: 'ffmpeg', reference: '', reconnect: false, autostart: false, options: [] });
    expect((await call(engine.url, 'DELETE', `/api/v3/process/${created.body.id}`)).status).toBe(200);
  });

  it('rejects bad bodies with 400 and the error body', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...process('x'), type: 'gstreamer' }, 'Invalid JSON'], // Core's validator tag rejects it before the handler's type check
      [{ ...process('x'), input: [] }, 'At least one input and one output need to be defined'],
      [{ ...process('x'), reconnect: 'yes' }, 'Invalid JSON'],
      [{ ...process('x'), output: [{ id: 'o', address: '/etc/passwd', options: [] }] }, 'Invalid process config'],
      [{ ...process('x'), output: [{ id: 'o', address: '../outside.mp4', options: [] }] }, 'Invalid process config'],
      [{ ...process('x'), output: [{ id: 'a', address: '-', options: [] }, { id: 'a', address: '-', options: [] }] }, 'Invalid process config'],
      [{ ...process('x'), input: [{ id: 'in', address: '#missing:output=out', options: [] }] }, 'Invalid process config'],
      ['not json at all', 'Invalid JSON'],
    ];
    for (const [body, message] of cases) {
      const response = await call(engine.url, 'POST', '/api/v3/process', { body, headers: typeof body === 'string' ? { 'content-type': 'application/json' } : {} });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(contractViolations('POST', '/api/v3/process', 400, response.body)).toEqual([]);
      expect(response.body.message, JSON.stringify(body)).toBe(message);
    }
    expect((await call(engine.url, 'GET', '/api/v3/process')).body).toEqual([]);
  });

  it('refuses duplicate ids and renames on update', async () => {
    expect((await call(engine.url, 'POST', '/api/v3/process', { body: process('dup') })).status).toBe(200);
    const again = await call(engine.url, 'POST', '/api/v3/process', { body: process('dup') });
    expect(again.status).toBe(400);
    expect(again.body.details).toEqual(['process already exists']);
    expect((await call(engine.url, 'POST', '/api/v3/process', { body: process('other') })).status).toBe(200);
    const clash = await call(engine.url, 'PUT', '/api/v3/process/dup', { body: { id: 'other' } });
    expect(clash.status).toBe(400);
    const partial = await call(engine.url, 'PUT', '/api/v3/process/dup', { body: { reference: 'channel-1', reconnect: true } });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ id: 'dup', reference: 'channel-1', reconnect: true });
    expect(partial.body.input[0].address).toBe('testsrc');
    await call(engine.url, 'DELETE', '/api/v3/process/dup');
    await call(engine.url, 'DELETE', '/api/v3/process/other');
  });

  it('answers unknown ids with 404 (and a command with 400, as Core)', async () => {
    for (const [method, url] of [
      ['GET', '/api/v3/process/nope'],
      ['PUT', '/api/v3/process/nope'],
      ['DELETE', '/api/v3/process/nope'],
      ['GET', '/api/v3/process/nope/state'],
      ['GET', '/api/v3/process/nope/report'],
      ['GET', '/api/v3/process/nope/config'],
      ['GET', '/api/v3/process/nope/metadata/key'],
      ['GET', '/api/v3/widget/process/nope'],
    ] as const) {
      const response = await call(engine.url, method, url, method === 'PUT' ? { body: process('nope') } : {});
      expect(response.status, `${method} ${url}`).toBe(404);
      expect(response.body.code).toBe(404);
    }
    const command = await call(engine.url, 'PUT', '/api/v3/process/nope/command', { body: { command: 'start' } });
    expect(command.status).toBe(400);
  });

  it('enforces ffmpeg.max_processes on start orders', async () => {
    for (const id of ['p1', 'p2', 'p3']) expect((await call(engine.url, 'POST', '/api/v3/process', { body: process(id) })).status).toBe(200);
    expect((await call(engine.url, 'PUT', '/api/v3/process/p1/command', { body: { command: 'start' } })).status).toBe(200);
    expect((await call(engine.url, 'PUT', '/api/v3/process/p2/command', { body: { command: 'start' } })).status).toBe(200);
    const third = await call(engine.url, 'PUT', '/api/v3/process/p3/command', { body: { command: 'start' } });
    expect(third.status).toBe(400);
    expect(third.body.details[0]).toContain('maximum number of running processes (2)');
    const autostart = await call(engine.url, 'POST', '/api/v3/process', { body: process('p4', { autostart: true }) });
    expect(autostart.status).toBe(400);
    expect((await call(engine.url, 'PUT', '/api/v3/process/p1/command', { body: { command: 'stop' } })).status).toBe(200);
    expect((await call(engine.url, 'PUT', '/api/v3/process/p3/command', { body: { command: 'start' } })).status).toBe(200);
    for (const id of ['p1', 'p2', 'p3']) await call(engine.url, 'DELETE', `/api/v3/process/${id}`);
  });

  it('stores metadata per process and globally; 404 when unset', async () => {
    await call(engine.url, 'POST', '/api/v3/process', { body: process('meta') });
    expect((await call(engine.url, 'GET', '/api/v3/process/meta/metadata/restreamer-ui')).status).toBe(404);
    const value = { version: '1.14.0', meta: { name: 'Livestream' }, control: { hls: { segmentDuration: 2 } } };
    const put = await call(engine.url, 'PUT', '/api/v3/process/meta/metadata/restreamer-ui', { body: value });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(value);
    expect((await call(engine.url, 'GET', '/api/v3/process/meta/metadata/restreamer-ui')).body).toEqual(value);
    const list = await call(engine.url, 'GET', '/api/v3/process?filter=metadata&id=meta');
    expect(list.body[0].metadata).toEqual({ 'restreamer-ui': value });

    expect((await call(engine.url, 'GET', '/api/v3/metadata/restreamer-ui')).status).toBe(404);
    expect((await call(engine.url, 'PUT', '/api/v3/metadata/restreamer-ui', { body: { bundle: { version: 'v2.12.0' } } })).status).toBe(200);
    expect((await call(engine.url, 'GET', '/api/v3/metadata/restreamer-ui')).body).toEqual({ bundle: { version: 'v2.12.0' } });
    expect((await call(engine.url, 'PUT', '/api/v3/metadata/counter', { body: 42 })).body).toBe(42);
    const db = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(path.join(engine.dir, 'config', 'db.json'), 'utf8')));
    expect(db.metadata.process.meta['restreamer-ui']).toEqual(value);
    expect(db.metadata.system.counter).toBe(42);
    await call(engine.url, 'DELETE', '/api/v3/process/meta');
  });

  it('serves the public widget without auth', async () => {
    await call(engine.url, 'POST', '/api/v3/process', { body: process('widget', { autostart: true, reference: 'chan' }) });
    await waitFor(async () => (await call(engine.url, 'GET', '/api/v3/process/widget/state')).body.exec === 'running');
    const widget = await call(engine.url, 'GET', '/api/v3/widget/process/widget');
    expect(widget.status).toBe(200);
    expect(contractViolations('GET', '/api/v3/widget/process/{id}', 200, widget.body)).toEqual([]);
    expect(widget.body).toMatchObject({ current_sessions: 0, total_sessions: 0 });
    await call(engine.url, 'DELETE', '/api/v3/process/widget');
  });
});

describe('skills and probe with the real ffmpeg', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(() => engine.stop());

  it('GET /api/v3/skills describes Debian ffmpeg as the contract, plus tested hardware encoders', async () => {
    const skills = await call(engine.url, 'GET', '/api/v3/skills');
    expect(skills.status).toBe(200);
    expect(contractViolations('GET', '/api/v3/skills', 200, skills.body)).toEqual([]);
    expect(skills.body.ffmpeg.version).toMatch(/^5\.1\./);
    expect(skills.body.protocols.input.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['rtmp', 'http', 'srt']));
    const h264 = skills.body.codecs.video.find((codec: { id: string }) => codec.id === 'h264');
    expect(h264.encoders).toContain('libx264');
    expect(Array.isArray(skills.body.hardware_encoders)).toBe(true);
    for (const encoder of skills.body.hardware_encoders) expect(encoder).toMatchObject({ id: expect.any(String), works: expect.any(Boolean) });
    const reloaded = await call(engine.url, 'GET', '/api/v3/skills/reload');
    expect(reloaded.body.ffmpeg.version).toBe(skills.body.ffmpeg.version);
  });

  it('probes the inputs of a process', async () => {
    await call(engine.url, 'POST', '/api/v3/process', {
      body: {
        id: 'probe',
        autostart: false,
        input: [
          { id: 'v', address: 'testsrc2=size=640x360:rate=30', options: ['-f', 'lavfi'] },
          { id: 'a', address: 'sine=frequency=440:sample_rate=48000', options: ['-f', 'lavfi'] },
        ],
        output: [{ id: 'o', address: '-', options: ['-f', 'null'] }],
      },
    });
    const probe = await call(engine.url, 'GET', '/api/v3/process/probe/probe');
    expect(probe.status).toBe(200);
    expect(contractViolations('GET', '/api/v3/process/{id}/probe', 200, probe.body)).toEqual([]);
    expect(probe.body.streams).toHaveLength(2);
    // Like Core, fps comes from the 'fps' figure, which raw lavfi sources do not print (only tbr).
    expect(probe.body.streams[0]).toMatchObject({ type: 'video', width: 640, height: 360, codec: 'rawvideo' });
    expect(probe.body.streams[1]).toMatchObject({ type: 'audio', sampling_hz: 48000 });
    expect(probe.body.log.length).toBeGreaterThan(0);
  });
});
