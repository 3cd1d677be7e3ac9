// readCgroup against Core's psutil fixtures: each tree is a cgroup root with known CPU quota/usage and memory figures.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCgroup } from '../../../main/core/metrics/cgroup.js';
import { coreFixtures } from '../../helpers/paths.js';

interface Case {
  test: string;
  fixture_dir: string;
  expected: {
    has_cgroup: boolean;
    cgroup_version: number;
    cpu_limit_ns_per_second: number;
    cpu_usage_ns: number;
    memory_total_bytes: number | string;
    memory_used_bytes: number | string;
  };
}

const dir = path.join(coreFixtures, 'psutil');
const { cases } = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { cases: Case[] };

describe('readCgroup (Core psutil fixtures)', () => {
  it('has all four trees', () => {
    expect(cases.map((c) => c.fixture_dir).sort()).toEqual(['cgroup', 'cgroup-limited', 'cgroup2', 'cgroup2-limited']);
  });

  for (const { test, fixture_dir, expected } of cases) {
    it(`${test}: ${fixture_dir}`, async () => {
      const info = await readCgroup(path.join(dir, fixture_dir));
      expect(info.version !== 0).toBe(expected.has_cgroup);
      expect(info.version).toBe(expected.cgroup_version);
      expect(info.cpuLimitNsPerSec).toBe(expected.cpu_limit_ns_per_second);
      expect(info.cpuUsageNs).toBe(expected.cpu_usage_ns);
      // Numbers above 2^53 are strings in the fixture: compare exactly as BigInt.
      expect(info.memoryLimitBytes).toBe(BigInt(expected.memory_total_bytes));
      expect(info.memoryUsedBytes).toBe(BigInt(expected.memory_used_bytes));
    });
  }

  it('derives the quota in CPUs (cpu_ncpu under a limit)', async () => {
    expect((await readCgroup(path.join(dir, 'cgroup-limited'))).cpuLimitCpus).toBeCloseTo(0.3, 10);
    expect((await readCgroup(path.join(dir, 'cgroup2-limited'))).cpuLimitCpus).toBe(1);
    expect((await readCgroup(path.join(dir, 'cgroup2'))).cpuLimitCpus).toBe(0);
  });

  it('reports no cgroup for a missing root or a directory without cgroup files', async () => {
    for (const root of [path.join(dir, 'does-not-exist'), path.join(dir, 'cgroup', 'cpu')]) {
      const info = await readCgroup(root);
      expect(info).toEqual({ version: 0, cpuLimitNsPerSec: 0, cpuLimitCpus: 0, cpuUsageNs: null, memoryLimitBytes: null, memoryUsedBytes: null });
    }
  });
});
