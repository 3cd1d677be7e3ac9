// Linux capture devices: ALSA from /proc/asound, V4L2 from v4l2-ctl (or sysfs without it), framebuffers via fbset.
import { existsSync } from 'node:fs';
import { readFile, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { findOnPath } from '../binary.js';
import { parseALSACards, parseALSADevices } from './alsa.js';
import type { HardwareByDevice } from './devices.js';
import { framebufferDevice } from './framebuffer.js';
import type { DeviceGatherContext } from './gatherRunner.js';
import type { SkillsHWDevice } from './types.js';
import { parseV4LDevices } from './v4l2.js';

export async function gatherLinuxDevices(ctx: DeviceGatherContext): Promise<HardwareByDevice> {
  const [alsa, video4linux2, fbdev] = await Promise.all([alsaDevices(ctx), v4lDevices(ctx), framebufferDevices(ctx)]);
  return { alsa, video4linux2, fbdev };
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** "video10" after "video2": device nodes sort by their number, as v4l2-ctl and Core's fb0…fbN loop do. */
function numbered(names: readonly string[], prefix: string): string[] {
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  return names
    .filter((name) => pattern.test(name))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
}

async function alsaDevices(ctx: DeviceGatherContext): Promise<SkillsHWDevice[]> {
  const [cards, devices] = await Promise.all([
    readText(path.join(ctx.roots.proc, 'asound', 'cards')),
    readText(path.join(ctx.roots.proc, 'asound', 'devices')),
  ]);
  if (cards === undefined || devices === undefined) return [];
  return parseALSADevices(devices, parseALSACards(cards));
}

async function v4lDevices(ctx: DeviceGatherContext): Promise<SkillsHWDevice[]> {
  const tool = findOnPath('v4l2-ctl', { env: ctx.env, platform: ctx.platform });
  if (tool) {
    try {
      // Core reads stdout only; v4l2-ctl exits 1 with "Cannot open device" on stderr when there is none.
      const { stdout } = await ctx.run(tool, ['--list-devices'], ctx.timeoutMs);
      return parseV4LDevices(stdout);
    } catch {
      // could not run it after all: sysfs knows the same devices
    }
  }
  return v4lDevicesFromSysfs(ctx.roots);
}

/**
 * What `v4l2-ctl --list-devices` would report, from `<sys>/class/video4linux/videoN/name` (the card name) and the
 * `device` link (the bus); nodes of one card are grouped as v4l2-ctl groups them. Nodes missing from `<dev>`
 * (a container without the device passed in) cannot be opened by FFmpeg and are left out.
 */
export async function v4lDevicesFromSysfs(roots: { sys: string; dev: string }): Promise<SkillsHWDevice[]> {
  const classDir = path.join(roots.sys, 'class', 'video4linux');
  const nodes = numbered(await listDir(classDir), 'video');
  const found = await Promise.all(
    nodes.map(async (node) => {
      const devicePath = path.join(roots.dev, node);
      if (!existsSync(devicePath)) return undefined;
      const name = (await readText(path.join(classDir, node, 'name')))?.trim() ?? '';
      if (!name) return undefined;
      const extra = busInfo(await realpath(path.join(classDir, node, 'device')).catch(() => ''));
      return { id: devicePath, name, extra, media: 'video' };
    }),
  );

  const groups = new Map<string, SkillsHWDevice[]>();
  for (const device of found) {
    if (!device) continue;
    const key = `${device.name}\0${device.extra}`;
    groups.set(key, [...(groups.get(key) ?? []), device]);
  }
  return [...groups.values()].flat();
}

const RE_USB_ROOT = /^usb\d+$/;
// "1-1.3" (a USB device) or "1-1.3:1.0" (one of its interfaces)
const RE_USB_PORT = /^\d+-([\d.]+)(?::[\d.]+)?$/;
const RE_PCI = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]$/i;

/**
 * The driver's bus_info as v4l2-ctl prints it, from the resolved sysfs device path: USB drivers report
 * "usb-<host controller>-<port path>", PCI ones "PCI:<address>", platform ones "platform:<device>".
 */
export function busInfo(devicePath: string): string {
  const parts = devicePath.split(/[\\/]/).filter(Boolean);
  if (parts.length === 0) return '';
  const root = parts.findLastIndex((part) => RE_USB_ROOT.test(part));
  if (root > 0) {
    const port = parts
      .slice(root + 1)
      .map((part) => RE_USB_PORT.exec(part)?.[1])
      .findLast((value) => value !== undefined);
    if (port) return `usb-${parts[root - 1]}-${port}`;
  }
  const pci = parts.findLast((part) => RE_PCI.test(part));
  if (pci) return `PCI:${pci}`;
  if (parts.includes('platform')) return `platform:${parts[parts.length - 1]}`;
  return '';
}

async function framebufferDevices(ctx: DeviceGatherContext): Promise<SkillsHWDevice[]> {
  const fbset = findOnPath('fbset', { env: ctx.env, platform: ctx.platform });
  const nodes = numbered(await listDir(ctx.roots.dev), 'fb');
  return Promise.all(
    nodes.map(async (node) => {
      const devicePath = path.join(ctx.roots.dev, node);
      let output = '';
      if (fbset) {
        try {
          output = (await ctx.run(fbset, ['-s', '-fb', devicePath], ctx.timeoutMs)).stdout;
        } catch {
          // unreadable framebuffer: listed without geometry, as Core does
        }
      }
      return framebufferDevice(devicePath, output);
    }),
  );
}
