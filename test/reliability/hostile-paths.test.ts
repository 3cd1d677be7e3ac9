// Path traversal and injection (issue 10, hostile input), beyond test/api/storage.test.ts's 22 read paths: absolute
// paths, backslashes, NUL bytes, double encoding and look-alike dots against every method of the fs API and the
// static mounts; symlinks in the disk root pointing out of it (no read, write or delete goes through); and process
// configs that would write outside the disk dir or read local files that ffmpeg.access.input forbids (400).
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { repoRoot } from '../helpers/paths.js';
import { RawClient } from './fuzz/client.js';
import { isErrorBody } from './fuzz/check.js';

const SECRET = 'top secret outside the root';
const MEMFS = { username: 'admin', password: 'hostile' };
const basic = { authorization: `Basic ${Buffer.from(`${MEMFS.username}:${MEMFS.password}`).toString('base64')}` };

/** Paths sent verbatim after a mount prefix; each tries to name something outside the root. */
const HOSTILE = [
  // absolute paths
  '//etc/passwd', '/%2Fetc%2Fpasswd', '/%2F%2Fetc/passwd', '/C:%5CWindows%5Cwin.ini', '/file:%2F%2F%2Fetc%2Fpasswd', '/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  // backslashes, raw and encoded
  '/..\\secret.txt', '/sub\\..\\..\\secret.txt', '/..%5C..%5Csecret.txt', '/sub%5C%2e%2e%5C%2e%2e%5Csecret.txt',
  // encoded and double-encoded parent segments
  '/%2e%2e/secret.txt', '/sub/%2e%2e/%2E%2E/secret.txt', '/%252e%252e/secret.txt', '/%252e%252e%252fsecret.txt', '/sub/%252E%252E/%252e%252e/secret.txt', '/%25252e%25252e/secret.txt',
  // NUL bytes
  '/secret.txt%00', '/%00/../secret.txt', '/sub/a.txt%00.m3u8', '/%2500secret.txt', '/sub%00%2f..%2f..%2fsecret.txt',
  // overlong UTF-8 and look-alike dots
  '/%c0%ae%c0%ae/secret.txt', '/%e0%80%ae%e0%80%ae/secret.txt', '/%e2%80%a5/secret.txt', '/%ef%bc%8e%ef%bc%8e/secret.txt', '/%ed%a0%80',
  // symlinks out of the disk root
  '/escape.txt', '/escape-dir/secret.txt', '/sub/../escape.txt',
];

/** True when the path, decoded once or twice, has a ".." segment or a NUL: a write must be refused then. */
function leavesRoot(hostile: string): boolean {
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  return [hostile, decode(hostile), decode(decode(hostile))].some((text) => /(^|[/\\])\.\.([/\\]|$)/.test(text) || text.includes('\0'));
}

/** Every file below `dir`, except the engine's own state (config/) and the disk root (data/). */
function filesOutside(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(`config${path.sep}`) && !file.startsWith(`data${path.sep}`))
    .sort();
}

describe('hostile paths on the fs API and the static mounts', () => {
  let engine: TestEngine;
  let client: RawClient;
  let token = '';
  let outside = '';
  let outsideBefore: string[] = [];

  beforeAll(async () => {
    engine = await startEngine({
      config: {
        api: { auth: { enable: true, username: 'admin', password: 'api', jwt: { secret: 'hostile-jwt-secret-0123456789abc' } } },
        storage: { memory: { auth: { enable: true, ...MEMFS } } },
      },
    });
    const data = path.join(engine.dir, 'data');
    mkdirSync(path.join(data, 'sub'), { recursive: true });
    writeFileSync(path.join(data, 'sub', 'a.txt'), 'inside');
    outside = path.join(engine.dir, 'secret.txt');
    writeFileSync(outside, SECRET);
    symlinkSync(outside, path.join(data, 'escape.txt'));
    symlinkSync(engine.dir, path.join(data, 'escape-dir'));
    symlinkSync(path.join(engine.dir, 'created-outside.txt'), path.join(data, 'dangling.txt'));
    outsideBefore = filesOutside(engine.dir);
    token = (await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'api' } })).body.access_token;
    client = new RawClient(engine.core.port, { sockets: 4, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    client?.close();
    await engine?.stop();
  });

  it(`refuses ${HOSTILE.length} hostile paths on every method of /, /memfs and the fs API`, async () => {
    const api = { authorization: `Bearer ${token}` };
    const targets: Array<[method: string, prefix: string, headers: Record<string, string>]> = [
      ['GET', '', {}], ['HEAD', '', {}],
      ['GET', '/memfs', {}], ['HEAD', '/memfs', {}], ['PUT', '/memfs', basic], ['DELETE', '/memfs', basic],
      ['GET', '/api/v3/fs/disk', api], ['HEAD', '/api/v3/fs/disk', api], ['PUT', '/api/v3/fs/disk', api], ['DELETE', '/api/v3/fs/disk', api],
      ['GET', '/api/v3/fs/mem', api], ['PUT', '/api/v3/fs/mem', api], ['DELETE', '/api/v3/fs/mem', api], ['PATCH', '/api/v3/fs/mem', api],
    ];
    const problems: string[] = [];
    for (const hostile of HOSTILE) {
      for (const [method, prefix, headers] of targets) {
        const what = `${method} ${prefix}${hostile}`;
        const body = method === 'PUT' ? 'overwritten' : method === 'PATCH' ? '/sub/a.txt' : undefined;
        const response = await client.send({ method, path: prefix + hostile, headers, body });
        const text = response.body.toString();
        if (text.includes(SECRET)) problems.push(`${what}: leaked the outside file`);
        if (response.status >= 500) problems.push(`${what}: ${response.status} ${text.slice(0, 120)}`);
        if (response.status >= 400 && method !== 'HEAD' && !isErrorBody(JSON.parse(text || 'null'), response.status)) problems.push(`${what}: error body ${text.slice(0, 120)}`);
        // Nothing of these names exists on disk, and nothing outside may be found through them.
        if ((method === 'GET' || method === 'HEAD') && !prefix.includes('mem') && response.status < 400) problems.push(`${what}: ${response.status}`);
        if ((method === 'PUT' || method === 'PATCH') && leavesRoot(hostile) && response.status < 400) problems.push(`${what}: accepted (${response.status})`);
      }
    }
    expect(problems).toEqual([]);
    expect(readFileSync(outside, 'utf8')).toBe(SECRET);
    expect(filesOutside(engine.dir)).toEqual(outsideBefore);
  });

  it('reads, writes and deletes nothing outside through symlinks in the disk root', async () => {
    const token_ = { token };
    for (const file of ['escape.txt', 'escape-dir/secret.txt']) {
      expect((await call(engine.url, 'GET', `/${file}`)).status, file).toBe(404);
      expect((await call(engine.url, 'GET', `/api/v3/fs/disk/${file}`, token_)).status, file).toBe(404);
      // Writing through the link is a client error (400, as Core's PutFile), not a 500, and changes nothing outside.
      const put = await call(engine.url, 'PUT', `/api/v3/fs/disk/${file}`, { ...token_, body: 'overwritten', headers: { 'content-type': 'application/data' } });
      expect(put.status, file).toBe(400);
      expect(put.body).toMatchObject({ code: 400, message: 'Bad request' });
      expect((await call(engine.url, 'DELETE', `/api/v3/fs/disk/${file}`, token_)).status, file).toBe(404);
    }
    const created = await call(engine.url, 'PUT', '/api/v3/fs/disk/escape-dir/new.txt', { ...token_, body: 'x', headers: { 'content-type': 'application/data' } });
    expect(created.status).toBe(400);
    expect(existsSync(path.join(engine.dir, 'new.txt'))).toBe(false);
    // A link to a file that does not exist yet: the write replaces the link inside the root, never creates the target.
    const dangling = await call(engine.url, 'PUT', '/api/v3/fs/disk/dangling.txt', { ...token_, body: 'x', headers: { 'content-type': 'application/data' } });
    expect(dangling.status).toBeLessThan(500);
    expect(existsSync(path.join(engine.dir, 'created-outside.txt'))).toBe(false);
    // Listings do not follow links out of the root either.
    const listing = await call(engine.url, 'GET', '/api/v3/fs/disk?glob=/**', token_);
    expect(listing.status).toBe(200);
    expect(listing.body.map((file: { name: string }) => file.name)).not.toContain('/escape-dir/secret.txt');
    expect(readFileSync(outside, 'utf8')).toBe(SECRET);
    expect(filesOutside(engine.dir)).toEqual(outsideBefore);
  });

  it('links memfs files only to memfs paths', async () => {
    const api = { token, headers: { 'content-type': 'text/plain' } };
    expect((await call(engine.url, 'PUT', '/api/v3/fs/mem/target.txt', { token, body: 'in memfs', headers: { 'content-type': 'application/data' } })).status).toBe(201);
    for (const target of ['../secret.txt', '/../../secret.txt', '%2e%2e/secret.txt', '/a%00b', '', '/']) {
      const response = await call(engine.url, 'PATCH', '/api/v3/fs/mem/link.txt', { ...api, body: target });
      expect(response.status, JSON.stringify(target)).toBe(400);
    }
  });
});

describe('process configs that reach outside the sandbox', () => {
  let engine: TestEngine;
  const input = [{ id: 'in', address: 'testsrc=size=64x64', options: ['-f', 'lavfi'] }];
  const output = (address: string) => [{ id: 'out', address, options: ['-f', 'mpegts'] }];

  beforeAll(async () => {
    engine = await startEngine({
      config: {
        ffmpeg: {
          binary: path.join(repoRoot, 'test/helpers/fake-ffmpeg.mjs'),
          // Network sources and lavfi test sources only: no local file may be read.
          access: { input: { allow: ['^(rtmp|rtmps|srt|https?)://', '^testsrc=', '^anullsrc'], block: [] } },
        },
      },
    });
    mkdirSync(path.join(engine.dir, 'data'), { recursive: true });
    expect((await call(engine.url, 'POST', '/api/v3/process', { body: { id: 'ok', input, output: output('{diskfs}/ok.ts'), autostart: false } })).status).toBe(200);
  });
  afterAll(() => engine?.stop());

  const outsideOutputs = (dir: string) => [
    '/etc/x.ts', '../../x.ts', 'file:/etc/x.ts', 'file:../../x.ts', 'file:///etc/x.ts', '{diskfs}/../x.ts', '{diskfs}/../../etc/x.ts', ' /etc/x.ts',
    '/dev/../etc/x.ts', 'config/db.json', './config/db.json', 'data/../config/x.ts', `${dir}/outside.ts`, `file:${dir}/outside.ts`,
    '[f=mpegts]/etc/x.ts|[f=flv]rtmp://127.0.0.1/live/x', '[f=mpegts]{diskfs}/ok.ts|[f=mpegts]{diskfs}/../x.ts', '{diskfs}/{processid}.ts',
  ];

  it('refuses outputs outside the disk dir with 400 on create and on update', async () => {
    for (const address of outsideOutputs(engine.dir)) {
      // {processid} with a traversing id is resolved before the check, like every placeholder.
      const id = address.includes('{processid}') ? '../../escaped' : 'bad';
      const create = await call(engine.url, 'POST', '/api/v3/process', { body: { id, input, output: output(address), autostart: false } });
      expect(create.status, address).toBe(400);
      expect(create.body.message, address).toBe('Invalid process config');
      expect(create.body.details[0], address).toMatch(/is not inside of/);
      const update = await call(engine.url, 'PUT', '/api/v3/process/ok', { body: { id: id === 'bad' ? 'ok' : id, input, output: output(address), autostart: true } });
      expect(update.status, address).toBe(400);
    }
    expect((await call(engine.url, 'GET', '/api/v3/process/ok/config')).body.output[0].address).toBe('{diskfs}/ok.ts');
    expect((await call(engine.url, 'GET', '/api/v3/process?idpattern=bad*')).body).toEqual([]);
    expect(existsSync(path.join(engine.dir, 'outside.ts'))).toBe(false);
  });

  it('refuses inputs that read local files when ffmpeg.access.input forbids them', async () => {
    const local = [
      '/etc/passwd', 'file:/etc/passwd', 'file:///etc/passwd', '../../etc/passwd', './config/db.json', '{diskfs}/../config/db.json', ' /etc/passwd',
      'concat:/etc/passwd|/etc/hosts', 'subfile,,start,0,end,0,,:/etc/passwd', 'cache:/etc/passwd', 'async:file:/etc/passwd', 'crypto:/etc/passwd',
    ];
    for (const address of local) {
      const response = await call(engine.url, 'POST', '/api/v3/process', {
        body: { id: 'reader', input: [{ id: 'in', address, options: [] }], output: output('-'), autostart: false },
      });
      expect(response.status, address).toBe(400);
      expect(response.body.details[0], address).toMatch(/address is not allowed/);
    }
    // Allowed sources still pass.
    const fine = await call(engine.url, 'POST', '/api/v3/process', { body: { id: 'reader', input: [{ id: 'in', address: 'rtmp://127.0.0.1/live/x', options: [] }], output: output('-'), autostart: false } });
    expect(fine.status).toBe(200);
  });

  // Gaps of the original Core (its validateOutputAddress passes these): FFmpeg's md5: and crypto: protocols write to
  // the file named after them, and a symlinked directory inside the disk dir leads out of it.
  for (const [what, address] of [
    ['md5: protocol', () => 'md5:/etc/x.md5'],
    ['crypto: protocol', () => `crypto:${engine.dir}/outside.ts`],
    ['symlinked directory', () => '{diskfs}/link-out/outside.ts'],
  ] as const) {
    it(`refuses an output that leaves the disk dir through a ${what}`, async () => {
      if (!existsSync(path.join(engine.dir, 'data', 'link-out'))) symlinkSync(engine.dir, path.join(engine.dir, 'data', 'link-out'));
      const response = await call(engine.url, 'POST', '/api/v3/process', { body: { id: 'gap', input, output: output(address()), autostart: false } });
      await call(engine.url, 'DELETE', '/api/v3/process/gap');
      expect(response.status).toBe(400);
    });
  }
});
