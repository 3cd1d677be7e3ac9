// The /proc parsers, the CPU percentage arithmetic, and LinuxSystemSource on fake /proc and cgroup trees.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupCpuPercent, cpuPercent } from '../../../main/core/metrics/cpuPercent.js';
import { LinuxSystemSource } from '../../../main/core/metrics/LinuxSystemSource.js';
import { parseMeminfo, parseNetDev, parseProcStat } from '../../../main/core/metrics/procfs.js';
import { coreFixtures } from '../../helpers/paths.js';

const STAT = `cpu  1000 100 500 8000 200 10 40 0 50 0
cpu0 500 50 250 4000 100 5 20 0 25 0
intr 12345
`;
const MEMINFO = `MemTotal:       16384000 kB
MemFree:         2000000 kB
MemAvailable:    8192000 kB
Buffers:          100000 kB
Cached:          3000000 kB
HugePages_Total:       0
`;
const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  123456     100    0    0    0     0          0         0   123456     100    0    0    0     0       0          0
  eth0: 9876543210  5000    0    0    0     0          0         0 1234567890  4000    0    0    0     0       0          0
`;

describe('procfs parsers', () => {
  it('sums the aggregate cpu line; other = nice + iowait + irq + softirq + steal (guest is inside user)', () => {
    expect(parseProcStat(STAT)).toEqual({ total: 9850, user: 1000, system: 500, idle: 8000, other: 350 });
    expect(parseProcStat('intr 1\n')).toBeNull();
  });

  it('reads MemTotal and MemAvailable in bytes, falling back to free + buffers + cached', () => {
    expect(parseMeminfo(MEMINFO)).toEqual({ totalBytes: 16384000 * 1024, availableBytes: 8192000 * 1024 });
    const old = MEMINFO.replace(/MemAvailable.*\n/, '');
    expect(parseMeminfo(old)).toEqual({ totalBytes: 16384000 * 1024, availableBytes: (2000000 + 100000 + 3000000) * 1024 });
    expect(parseMeminfo('')).toBeNull();
  });

  it('reads rx/tx bytes per interface and skips the headers', () => {
    expect(parseNetDev(NET_DEV)).toEqual([
      { interface: 'lo', rxBytes: 123456, txBytes: 123456 },
      { interface: 'eth0', rxBytes: 9876543210, txBytes: 1234567890 },
    ]);
  });
});

describe('cpu percentages', () => {
  it('splits the elapsed CPU time into system/user/idle/other', () => {
    const a = { total: 1000, user: 100, system: 50, idle: 800, other: 50 };
    const b = { total: 2000, user: 300, system: 150, idle: 1400, other: 150 };
    expect(cpuPercent(a, b)).toEqual({ system: 10, user: 20, idle: 60, other: 10 });
    expect(cpuPercent(b, b)).toEqual({ system: 0, user: 0, idle: 100, other: 0 });
  });

  it('in cgroup mode measures usage against the quota and counts it all as system (Core)', () => {
    // 0.3 CPUs = 3e8 ns per second; 1.5e8 ns used in 1 s = 50 %.
    expect(cgroupCpuPercent(1e9, 1.15e9, 3e8, 1000)).toEqual({ system: 50, user: 0, idle: 50, other: 0 });
    // Bursting above the quota is capped at 100.
    expect(cgroupCpuPercent(0, 1e9, 3e8, 1000)).toEqual({ system: 100, user: 0, idle: 0, other: 0 });
  });
});

describe('LinuxSystemSource on fake trees', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function tree(cgroupFixture: string | null) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'metrics-proc-'));
    dirs.push(root);
    const proc = path.join(root, 'proc');
    mkdirSync(path.join(proc, 'net'), { recursive: true });
    writeFileSync(path.join(proc, 'stat'), STAT);
    writeFileSync(path.join(proc, 'meminfo'), MEMINFO);
    writeFileSync(path.join(proc, 'net/dev'), NET_DEV);
    const cgroup = path.join(root, 'cgroup');
    if (cgroupFixture) cpSync(path.join(coreFixtures, 'psutil', cgroupFixture), cgroup, { recursive: true });
    let now = 1_000_000;
    const source = new LinuxSystemSource({ procRoot: proc, cgroupRoot: cgroup, now: () => now });
    return { proc, cgroup, source, advance: (ms: number) => (now += ms) };
  }

  it('without a quota: ncpu is the logical CPU count, percentages come from /proc/stat deltas', async () => {
    const { proc, source, advance } = tree('cgroup');
    const first = await source.cpu();
    expect(first.ncpu).toBe(os.cpus().length);
    expect(first.system + first.user + first.idle + first.other).toBeCloseTo(100, 6);
    writeFileSync(path.join(proc, 'stat'), 'cpu  1100 100 550 8250 200 10 40 0 0 0\n');
    advance(1000);
    expect(await source.cpu()).toMatchObject({ user: 25, system: 12.5, idle: 62.5, other: 0 });
  });

  it('with a v1 quota: ncpu is quota/period and usage is measured against the quota', async () => {
    const { cgroup, source, advance } = tree('cgroup-limited');
    expect((await source.cpu()).ncpu).toBeCloseTo(0.3, 10);
    writeFileSync(path.join(cgroup, 'cpuacct/cpuacct.usage'), String(5487224113 + 150_000_000));
    advance(1000);
    const cpu = await source.cpu();
    expect(cpu.system).toBeCloseTo(50, 6);
    expect(cpu.idle).toBeCloseTo(50, 6);
  });

  it('reuses the last percentages for reads closer together than the minimum window', async () => {
    const { proc, source, advance } = tree(null);
    await source.cpu();
    writeFileSync(path.join(proc, 'stat'), 'cpu  1100 100 550 8250 200 10 40 0 0 0\n');
    advance(1000);
    const measured = await source.cpu();
    writeFileSync(path.join(proc, 'stat'), 'cpu  9999 100 550 8300 200 10 40 0 0 0\n');
    advance(100);
    expect(await source.cpu()).toEqual(measured);
  });

  it('memory: a cgroup limit below the physical memory wins; an unlimited cgroup does not', async () => {
    expect(await tree('cgroup-limited').source.memory()).toEqual({ totalBytes: 536870912, freeBytes: 536870912 - 34197504 });
    expect(await tree('cgroup2-limited').source.memory()).toEqual({ totalBytes: 524288000, freeBytes: 524288000 - 43745280 });
    const physical = { totalBytes: 16384000 * 1024, freeBytes: 8192000 * 1024 };
    expect(await tree('cgroup').source.memory()).toEqual(physical);
    expect(await tree('cgroup2').source.memory()).toEqual(physical);
    expect(await tree(null).source.memory()).toEqual(physical);
  });

  it('network counters come from /proc/net/dev', async () => {
    expect((await tree(null).source.network()).map((n) => n.interface)).toEqual(['lo', 'eth0']);
  });
});
