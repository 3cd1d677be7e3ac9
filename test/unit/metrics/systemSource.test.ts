// The real system source on this machine returns plausible numbers; the GPU probe never blocks and caches.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { createSystemSource } from '../../../main/core/metrics/createSystemSource.js';
import { GpuProbe, toGpuUsage } from '../../../main/core/metrics/GpuProbe.js';
import { LinuxSystemSource } from '../../../main/core/metrics/LinuxSystemSource.js';
import { PortableSystemSource } from '../../../main/core/metrics/PortableSystemSource.js';
import type { SystemSource } from '../../../main/core/metrics/SystemSource.js';
import type { Systeminformation } from 'systeminformation';

async function checkPlausible(source: SystemSource) {
  const first = await source.cpu();
  await new Promise((resolve) => setTimeout(resolve, 600));
  for (const cpu of [first, await source.cpu()]) {
    expect(cpu.ncpu).toBeGreaterThan(0);
    expect(cpu.logicalCpus).toBeGreaterThanOrEqual(1);
    for (const key of ['system', 'user', 'idle', 'other'] as const) {
      expect(cpu[key], key).toBeGreaterThanOrEqual(0);
      expect(cpu[key], key).toBeLessThanOrEqual(100);
    }
    expect(cpu.system + cpu.user + cpu.idle + cpu.other).toBeLessThanOrEqual(100.0001);
  }
  const memory = await source.memory();
  expect(memory.totalBytes).toBeGreaterThan(0);
  expect(memory.freeBytes).toBeGreaterThanOrEqual(0);
  expect(memory.freeBytes).toBeLessThanOrEqual(memory.totalBytes);
  const disk = await source.disk(os.tmpdir());
  expect(disk.totalBytes).toBeGreaterThan(0);
  expect(disk.usedBytes).toBeGreaterThanOrEqual(0);
  expect(disk.usedBytes).toBeLessThanOrEqual(disk.totalBytes);
  const nics = await source.network();
  for (const nic of nics) {
    expect(nic.interface).not.toBe('');
    expect(nic.rxBytes).toBeGreaterThanOrEqual(0);
    expect(nic.txBytes).toBeGreaterThanOrEqual(0);
  }
  const cores = await source.cpuTimes();
  expect(cores.length).toBe(os.cpus().length);
  expect(cores.every((c) => c.user >= 0 && c.system >= 0 && c.idle >= 0)).toBe(true);
  expect(source.gpus()).toEqual([]);
}

describe('system sources on this machine', () => {
  it('createSystemSource picks the Linux reader on Linux and the portable one elsewhere', () => {
    expect(createSystemSource({}, 'linux')).toBeInstanceOf(LinuxSystemSource);
    expect(createSystemSource({}, 'darwin')).toBeInstanceOf(PortableSystemSource);
    expect(createSystemSource({}, 'win32')).toBeInstanceOf(PortableSystemSource);
  });

  it.skipIf(process.platform !== 'linux')('LinuxSystemSource returns plausible numbers', async () => {
    const source = new LinuxSystemSource();
    await checkPlausible(source);
    expect((await source.network()).length).toBeGreaterThan(0);
  });

  it('PortableSystemSource returns plausible numbers too', async () => {
    await checkPlausible(new PortableSystemSource());
  });

  it('a missing disk path rejects (the collector then leaves that path out)', async () => {
    await expect(new LinuxSystemSource().disk('/does/not/exist/at/all')).rejects.toThrow();
  });
});

describe('GpuProbe', () => {
  const nvidia = {
    vendor: 'NVIDIA',
    model: 'GeForce RTX 3060',
    bus: 'PCI',
    vram: 12288,
    vramDynamic: false,
    memoryTotal: 12288,
    memoryFree: 10240,
    utilizationGpu: 37,
  } as Systeminformation.GraphicsControllerData;
  const integrated = { vendor: 'Intel', model: 'UHD 620', bus: 'Onboard', vram: 1536, vramDynamic: true } as Systeminformation.GraphicsControllerData;

  it('maps controllers to usage and memory in bytes, null where the platform says nothing', () => {
    expect(toGpuUsage([nvidia, integrated])).toEqual([
      { index: 0, model: 'GeForce RTX 3060', usagePercent: 37, memoryTotalBytes: 12288 * 1024 ** 2, memoryFreeBytes: 10240 * 1024 ** 2 },
      { index: 1, model: 'UHD 620', usagePercent: null, memoryTotalBytes: 1536 * 1024 ** 2, memoryFreeBytes: null },
    ]);
  });

  it('answers from its cache at once and refreshes in the background at most once per max age', async () => {
    let now = 0;
    let calls = 0;
    let release: () => void = () => {};
    const probe = new GpuProbe({
      maxAgeMs: 1000,
      now: () => now,
      read: () => {
        calls++;
        return new Promise((resolve) => {
          release = () => resolve({ controllers: [nvidia] });
        });
      },
    });
    expect(probe.gpus()).toEqual([]);
    expect(probe.gpus()).toEqual([]);
    expect(calls).toBe(1);
    release();
    await probe.settled();
    expect(probe.gpus().map((g) => g.usagePercent)).toEqual([37]);
    expect(calls).toBe(1);
    now = 1000;
    probe.gpus();
    expect(calls).toBe(2);
  });

  it('a failing probe just reports no GPUs', async () => {
    const probe = new GpuProbe({ read: () => Promise.reject(new Error('nvidia-smi: not found')) });
    probe.gpus();
    await probe.settled();
    expect(probe.gpus()).toEqual([]);
  });
});
