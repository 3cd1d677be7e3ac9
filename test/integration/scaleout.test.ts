// Scaling out with existing systems: two engines share one S3 bucket (s3rver on loopback), so HLS that FFmpeg writes
// through engine A's S3 mount is served by engine B; and one Prometheus scrapes both, with a generated copy of
// resources/prometheus/prometheus.yml (when the prometheus binary is installed).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startEngine, type TestEngine } from '../helpers/engine.js';
import { repoRoot } from '../helpers/paths.js';
import { startS3rver, type TestS3Server } from '../helpers/s3rver.js';
import { waitFor } from '../helpers/waitFor.js';

const MOUNT = '/s3path';
const credentials = { username: 's3user', password: 's3pass' };
const basic = { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` };
const exampleConfig = path.join(repoRoot, 'resources/prometheus/prometheus.yml');
const hasPrometheus = spawnSync('prometheus', ['--version']).status === 0;

/** One appliance of the pair: the API behind its login, metrics with the Prometheus exporter, the shared bucket. */
function applianceConfig(s3: TestS3Server) {
  return {
    api: { auth: { enable: true, username: 'admin', password: 'admin-password', disable_localhost: false } },
    metrics: { enable: true, enable_prometheus: true, interval_sec: 1 },
    storage: {
      s3: [
        {
          name: 'shared',
          mountpoint: MOUNT,
          auth: { enable: true, ...credentials },
          endpoint: s3.endpoint,
          access_key_id: s3.accessKeyId,
          secret_access_key: s3.secretAccessKey,
          bucket: 'live',
          region: '',
          use_ssl: false,
        },
      ],
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const bytes = async (url: string) => {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};

describe('scale-out: two engines on one S3 bucket, one Prometheus', () => {
  let s3: TestS3Server;
  let a: TestEngine;
  let b: TestEngine;
  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['live'] });
    a = await startEngine({ config: applianceConfig(s3) });
    b = await startEngine({ config: applianceConfig(s3) });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await s3?.stop();
  });

  it('serves from engine B the HLS that FFmpeg wrote through engine A, byte for byte', async () => {
    // A short live stream (4 s of 1 s segments), PUT by FFmpeg to A's mount as Restreamer's processes do.
    const target = `http://${credentials.username}:${credentials.password}@127.0.0.1:${a.core.port}${MOUNT}/channel/live.m3u8`;
    // Not execFileSync: the engines run in this process and must keep answering FFmpeg's PUTs meanwhile.
    const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-t', '4',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0', '-method', 'PUT', target], { stdio: 'ignore' });
    const code = await new Promise((resolve) => ffmpeg.once('exit', resolve));
    expect(code).toBe(0);

    const playlistFromB = await bytes(`${b.url}${MOUNT}/channel/live.m3u8`);
    expect(playlistFromB.equals(await bytes(`${a.url}${MOUNT}/channel/live.m3u8`))).toBe(true);
    expect(playlistFromB.toString()).toContain('#EXT-X-ENDLIST');
    const segments = playlistFromB.toString().split('\n').filter((line) => line.endsWith('.ts'));
    expect(segments.length).toBeGreaterThanOrEqual(3);
    for (const segment of segments) {
      const fromB = await bytes(`${b.url}${MOUNT}/channel/${segment}`);
      expect(fromB.length).toBeGreaterThan(1000);
      expect(fromB.equals(await bytes(`${a.url}${MOUNT}/channel/${segment}`))).toBe(true);
    }
    // Both list the same files through the fs API (behind each engine's own login).
    const names = async (engine: TestEngine) => {
      const login = await call(engine.url, 'POST', '/api/login', { body: { username: 'admin', password: 'admin-password' } });
      const files = await call(engine.url, 'GET', '/api/v3/fs/shared?glob=/channel/**', { token: login.body.access_token });
      return (files.body as { name: string }[]).map((file) => file.name).sort();
    };
    expect(await names(b)).toEqual(await names(a));
    // Writes still need the mount's credentials on B as on A.
    expect((await call(b.url, 'PUT', `${MOUNT}/channel/other.txt`, { body: 'x' })).status).toBe(401);
    expect((await call(b.url, 'PUT', `${MOUNT}/channel/other.txt`, { body: 'x', headers: basic })).status).toBe(201);
  });

  it('answers Prometheus scrapes on /metrics without the API login, as Core does', async () => {
    for (const engine of [a, b]) {
      const scrape = await fetch(`${engine.url}/metrics`);
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toMatch(/^# HELP /m);
      expect((await call(engine.url, 'GET', '/api/v3/process')).status).toBe(401);
    }
  });

  const scrapedBoth = 'is scraped by Prometheus with the example config: both targets up';
  it.skipIf(!hasPrometheus)(hasPrometheus ? scrapedBoth : `${scrapedBoth} (skipped: no prometheus binary on PATH)`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prometheus-'));
    let prometheus: ChildProcess | undefined;
    try {
      // The example as shipped, pointed at the two engines and scraping every second.
      const example = readFileSync(exampleConfig, 'utf8');
      const targets = `['127.0.0.1:${a.core.port}', '127.0.0.1:${b.core.port}']`;
      const config = example
        .replace(/- targets: \[[^\]]*\]/, `- targets: ${targets}`)
        .replace(/scrape_interval: \S+/, 'scrape_interval: 1s')
        .replace(/scrape_timeout: \S+/, 'scrape_timeout: 1s');
      expect(config).toContain(targets);
      writeFileSync(path.join(dir, 'prometheus.yml'), config);
      const port = await freePort();
      prometheus = spawn(
        'prometheus',
        [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
        { stdio: 'ignore' },
      );
      type Target = { scrapeUrl: string; health: string; labels: Record<string, string> };
      const up = await waitFor(
        async () => {
          const response = await fetch(`http://127.0.0.1:${port}/api/v1/targets?state=active`);
          const targetsNow = ((await response.json()) as { data: { activeTargets: Target[] } }).data.activeTargets;
          return targetsNow.length === 2 && targetsNow.every((target) => target.health === 'up') ? targetsNow : undefined;
        },
        25_000,
        'both engines up in Prometheus',
      );
      expect(up.map((target) => target.scrapeUrl).sort()).toEqual([`http://127.0.0.1:${a.core.port}/metrics`, `http://127.0.0.1:${b.core.port}/metrics`].sort());
      expect(up.every((target) => target.labels.job === 'streaming-appliances' && target.labels.site === 'studio')).toBe(true);
    } finally {
      prometheus?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
