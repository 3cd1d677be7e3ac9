// The Prometheus exposition: the manual's 13 metrics (plus Core's own extras), live values per scrape, promtool-clean.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { register as defaultRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { MetricsCollector } from '../../../main/core/metrics/MetricsCollector.js';
import { PrometheusExporter } from '../../../main/core/metrics/prometheus.js';
import { sharedDir } from '../../helpers/paths.js';
import { FakeEngine, FakeSystem, fakeClock, processStats } from './helpers.js';

const PROMTOOL = '/usr/bin/promtool';

function setup() {
  const system = new FakeSystem();
  const engine = new FakeEngine();
  const collector = new MetricsCollector({ system, engine, enable: true, rangeSec: 300, intervalSec: 2, diskPaths: ['/data'], clock: fakeClock() });
  const exporter = new PrometheusExporter({ collector, system, coreId: 'core-id-1' });
  return { system, engine, collector, exporter };
}

/** FEATURES §13.4: | `name` | type | labels | description |. */
function documented(): Array<{ name: string; type: string; labels: string[] }> {
  const text = readFileSync(path.join(sharedDir, 'spec/FEATURES.md'), 'utf8');
  const section = text.slice(text.indexOf('### 13.4'), text.indexOf('## 14.'));
  return [...section.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(gauge|counter)\s*\|([^|]+)\|/gm)].map((m) => ({
    name: m[1]!,
    type: m[2]!,
    labels: m[3]!.split(',').map((l) => l.trim()),
  }));
}

const samples = (text: string, name: string) => text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));

function labelsOf(line: string): Record<string, string> {
  const body = /\{(.*)\}/.exec(line)?.[1] ?? '';
  return Object.fromEntries([...body.matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe('PrometheusExporter', () => {
  it('serves every metric of the manual with its type and (at least) its labels, each with the core label', async () => {
    const metrics = documented();
    expect(metrics).toHaveLength(13);
    const text = await setup().exporter.render();
    for (const { name, type, labels } of metrics) {
      expect(text, name).toContain(`# TYPE ${name} ${type}\n`);
      const lines = samples(text, name);
      expect(lines.length, name).toBeGreaterThan(0);
      for (const line of lines) {
        expect(Object.keys(labelsOf(line)), line).toEqual(expect.arrayContaining(labels));
        expect(labelsOf(line).core).toBe('core-id-1');
      }
    }
  });

  it('maps the JSON metrics onto the Prometheus names', async () => {
    const text = await setup().exporter.render();
    expect(text).toContain('mem_limit_bytes{core="core-id-1"} 8589934592\n');
    expect(text).toContain('mem_free_bytes{core="core-id-1"} 3221225472\n');
    expect(text).toContain('net_rx_bytes{core="core-id-1",interface="eth0"} 5000000\n');
    expect(text).toContain('cpus_system_time_secs{core="core-id-1",cpu="0"} 50.25\n');
    expect(text).toContain('session_rx_bytes{core="core-id-1",collector="rtmp"} 9000\n');
    expect(text).toContain('session_total{core="core-id-1",collector="hls"} 10\n');
    expect(text).toContain('ffmpeg_process{core="core-id-1",process="p1",state="running",order="start",name="fps"} 25\n');
    expect(text).toContain('ffmpeg_process_io{core="core-id-1",process="p1",type="output",id="out",index="0",stream="0",media="video",name="q"} 28\n');
    expect(text).toContain('filesystem_usage_bytes{core="core-id-1",name="memfs"} 2048\n');
    expect(text).toContain('cpu_idle_time_percent{core="core-id-1"} 65\n');
    expect(text).toContain('ffmpeg_states_total{core="core-id-1",state="starting"} 3\n');
    expect(text).toContain('uptime_seconds{core="core-id-1"} 123.4567\n');
  });

  it('reads the values afresh on every scrape, dropping series that went away', async () => {
    const { exporter, engine, system } = setup();
    expect(samples(await exporter.render(), 'ffmpeg_process').some((l) => l.includes('process="p2"'))).toBe(true);
    engine.procs = [processStats('p1')];
    engine.collectors[0]!.active = 7;
    system.memoryUsage = { totalBytes: 1000, freeBytes: 10 };
    const text = await exporter.render();
    expect(samples(text, 'ffmpeg_process').some((l) => l.includes('process="p2"'))).toBe(false);
    expect(text).toContain('session_active{core="core-id-1",collector="hls"} 7\n');
    expect(text).toContain('mem_free_bytes{core="core-id-1"} 10\n');
  });

  it('uses its own registry and the text exposition content type', async () => {
    const first = setup().exporter;
    const second = setup().exporter;
    await Promise.all([first.render(), second.render()]);
    expect(defaultRegistry.getSingleMetric('session_total')).toBeUndefined();
    expect(first.registry).not.toBe(second.registry);
    expect(first.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it.skipIf(!existsSync(PROMTOOL))('passes promtool check metrics, apart from Core\'s counter names', async () => {
    const { exporter, engine } = setup();
    // Label values that need escaping must not break the format.
    engine.procs.push(processStats('odd "id" \\ with\nnewline'));
    const text = await exporter.render();
    const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const problems = `${result.stdout}${result.stderr}`.split('\n').filter(Boolean);
    // Core names these counters without the "_total" suffix promtool's linter asks for; clients scrape Core's
    // names, so they stay, and only these three lint findings are tolerated (exit 3 = lint findings only).
    const tolerated = ['session_rx_bytes', 'session_tx_bytes', 'uptime_seconds'].map((name) => `${name} counter metrics should have "_total" suffix`);
    expect(problems.filter((line) => !tolerated.includes(line))).toEqual([]);
    expect([0, 3]).toContain(result.status);
  });
});
