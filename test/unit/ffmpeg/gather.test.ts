// gatherSkills with a fake Runner and fake /proc, /sys and /dev trees: which commands run and where devices land.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { busInfo, v4lDevicesFromSysfs } from '../../../main/core/ffmpeg/skills/devicesLinux.js';
import { gatherSkills, type Runner, type RunResult } from '../../../main/core/ffmpeg/skills/gather.js';
import { createExecRunner } from '../../../main/core/ffmpeg/skills/gatherRunner.js';
import { parseV4LDevices } from '../../../main/core/ffmpeg/skills/v4l2.js';
import { captureText } from './fixtureFiles.js';

const FFMPEG = '/opt/ffmpeg/bin/ffmpeg';

const LISTINGS: Record<string, string> = {
  '-codecs': ` DEV.LS h264                 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (decoders: h264 h264_v4l2m2m ) (encoders: libx264 h264_nvenc h264_vaapi )
 DEA.L. aac                  AAC (Advanced Audio Coding) (decoders: aac aac_fixed )
`,
  '-formats': ` DE flv             FLV (Flash Video)
 DE hls             Apple HTTP Live Streaming
`,
  '-protocols': `Supported file protocols:
Input:
  http
  rtmp
Output:
  rtmp
`,
  '-filters': ` ... scale             V->V       Scale the input video size and/or convert the image format.
`,
  '-hwaccels': `Hardware acceleration methods:
vaapi

`,
  '-devices': `Devices:
 D. = Demuxing supported
 .E = Muxing supported
 --
 DE alsa            ALSA audio output
 DE fbdev           Linux framebuffer
 D  lavfi           Libavfilter virtual input device
 DE video4linux2,v4l2 Video4Linux2 output device
 D  avfoundation    AVFoundation input device
 D  dshow           DirectShow capture
`,
};

const AVFOUNDATION = `[AVFoundation indev @ 0x7f9c] AVFoundation video devices:
[AVFoundation indev @ 0x7f9c] [0] FaceTime HD Camera
[AVFoundation indev @ 0x7f9c] [1] Capture screen 0
[AVFoundation indev @ 0x7f9c] AVFoundation audio devices:
[AVFoundation indev @ 0x7f9c] [0] MacBook Pro Microphone
: Input/output error
`;

const DSHOW = `[dshow @ 000001f2a1b2c3d0] "Integrated Camera" (video)
[dshow @ 000001f2a1b2c3d0]   Alternative name "@device_pnp_\\\\?\\usb#vid_04f2&pid_b6d9"
[dshow @ 000001f2a1b2c3d0] "Microphone (Realtek(R) Audio)" (audio)
[dshow @ 000001f2a1b2c3d0]   Alternative name "@device_cm_{33D9A762}\\wave_{B1F1A5C0}"
dummy: Immediate exit requested
`;

const FBSET = `
mode "1280x720"
    geometry 1280 720 1280 720 32
    timings 0 0 0 0 0 0 0
    rgba 8/16,8/8,8/0,8/24
endmode
`;

interface Call {
  binary: string;
  args: readonly string[];
  timeoutMs: number;
}

/** Answers like Debian's FFmpeg (plus the device listings of the other platforms) and records every call. */
function fakeRunner(overrides: Partial<Record<string, RunResult>> = {}) {
  const calls: Call[] = [];
  const run: Runner = async (binary, args, timeoutMs) => {
    calls.push({ binary, args, timeoutMs });
    const key = args.includes('-list_devices') ? args[args.indexOf('-f') + 1]! : args.at(-1)!;
    if (overrides[key]) return overrides[key];
    if (binary.endsWith('fbset')) return { code: 0, stdout: FBSET, stderr: '' };
    if (binary.endsWith('v4l2-ctl')) {
      return { code: 0, stdout: 'Webcam C170: Webcam C170 (usb-3f980000.usb-1.3):\n\t/dev/video0\n\t/dev/video1\n\n', stderr: '' };
    }
    if (key === '-version') return { code: 0, stdout: captureText('ffmpeg5-version.txt'), stderr: '' };
    if (key === 'avfoundation') return { code: 1, stdout: '', stderr: AVFOUNDATION };
    if (key === 'dshow') return { code: 1, stdout: '', stderr: DSHOW };
    const listing = LISTINGS[key];
    if (listing !== undefined) return { code: 0, stdout: listing, stderr: '' };
    throw new Error(`unexpected call ${binary} ${args.join(' ')}`);
  };
  return { run, calls };
}

let root: string;
let roots: { proc: string; sys: string; dev: string };
/** PATH with neither v4l2-ctl nor fbset */
let emptyBin: string;
/** PATH with (fake, never executed) v4l2-ctl and fbset */
let toolBin: string;

function write(file: string, text: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'gather-'));
  roots = { proc: path.join(root, 'proc'), sys: path.join(root, 'sys'), dev: path.join(root, 'dev') };

  write(
    path.join(roots.proc, 'asound/cards'),
    ` 0 [PCH            ]: HDA-Intel - HDA Intel PCH
                      HDA Intel PCH at 0xf7f10000 irq 33
 1 [C170           ]: USB-Audio - Webcam C170
                      Webcam C170 at usb-3f980000.usb-1.3, high speed
`,
  );
  write(
    path.join(roots.proc, 'asound/devices'),
    `  1:        : sequencer
  2: [ 0- 0]: digital audio playback
  3: [ 0- 0]: digital audio capture
  4: [ 1- 0]: digital audio capture
 33:        : timer
`,
  );

  // Two capture nodes of one USB camera and a PCI capture card; video1 is the camera's metadata node, absent
  // from /dev (as inside a container that was only given some nodes).
  const usbInterface = path.join(roots.sys, 'devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.3/1-1.3:1.0');
  const pciCard = path.join(roots.sys, 'devices/pci0000:00/0000:00:1c.0/0000:03:00.0');
  const node = (name: string, card: string, device: string) => {
    write(path.join(roots.sys, 'class/video4linux', name, 'name'), `${card}\n`);
    mkdirSync(device, { recursive: true });
    symlinkSync(device, path.join(roots.sys, 'class/video4linux', name, 'device'));
  };
  node('video0', 'Webcam C170: Webcam C170', usbInterface);
  node('video1', 'Webcam C170: Webcam C170', usbInterface);
  node('video2', 'Webcam C170: Webcam C170', usbInterface);
  node('video10', 'Hauppauge HD PVR', pciCard);
  write(path.join(roots.dev, 'video0'), '');
  write(path.join(roots.dev, 'video2'), '');
  write(path.join(roots.dev, 'video10'), '');
  write(path.join(roots.dev, 'fb0'), '');
  write(path.join(roots.dev, 'fbcon'), '');

  emptyBin = path.join(root, 'empty-bin');
  toolBin = path.join(root, 'tool-bin');
  mkdirSync(emptyBin);
  for (const tool of ['v4l2-ctl', 'fbset']) {
    write(path.join(toolBin, tool), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(toolBin, tool), 0o755);
  }
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function demuxer(skills: Awaited<ReturnType<typeof gatherSkills>>, id: string) {
  return skills.devices.demuxers.find((device) => device.id === id);
}

describe('gatherSkills on Linux', () => {
  test('runs -version and the six listings with -hide_banner and the timeout, and parses them', async () => {
    const { run, calls } = fakeRunner();
    const skills = await gatherSkills(FFMPEG, { run, roots, platform: 'linux', env: { PATH: emptyBin }, timeoutMs: 1234 });

    const ffmpegCalls = calls.filter((call) => call.binary === FFMPEG).map((call) => call.args.join(' '));
    expect(ffmpegCalls.sort()).toEqual(
      ['-version', '-codecs', '-formats', '-protocols', '-filters', '-hwaccels', '-devices'].map((option) => `-hide_banner ${option}`).sort(),
    );
    expect(calls.every((call) => call.timeoutMs === 1234)).toBe(true);
    // no device tool on PATH, so nothing but FFmpeg ran
    expect(calls).toHaveLength(7);

    expect(skills.ffmpeg.version).toBe('5.1.9');
    expect(skills.codecs.video[0]).toEqual({
      id: 'h264',
      name: 'H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10',
      encoders: ['libx264', 'h264_nvenc', 'h264_vaapi'],
      decoders: ['h264', 'h264_v4l2m2m'],
    });
    expect(skills.codecs.audio.map((codec) => codec.id)).toEqual(['aac']);
    expect(skills.formats.demuxers.map((format) => format.id)).toEqual(['flv', 'hls']);
    expect(skills.protocols).toEqual({ input: [{ id: 'http', name: 'http' }, { id: 'rtmp', name: 'rtmp' }], output: [{ id: 'rtmp', name: 'rtmp' }] });
    expect(skills.filter).toEqual([{ id: 'scale', name: 'Scale the input video size and/or convert the image format.' }]);
    expect(skills.hwaccels).toEqual([{ id: 'vaapi', name: 'vaapi' }]);
  });

  test('ALSA capture devices, V4L2 from sysfs and the framebuffer without fbset', async () => {
    const { run } = fakeRunner();
    const skills = await gatherSkills(FFMPEG, { run, roots, platform: 'linux', env: { PATH: emptyBin } });

    const alsa = [
      { id: 'hw:0,0', name: 'HDA-Intel - HDA Intel PCH', extra: '', media: 'audio' },
      { id: 'hw:1,0', name: 'USB-Audio - Webcam C170', extra: '', media: 'audio' },
    ];
    expect(demuxer(skills, 'alsa')?.devices).toEqual(alsa);
    // Core hands the same list to the muxer entry of a device that does both
    expect(skills.devices.muxers.find((device) => device.id === 'alsa')?.devices).toEqual(alsa);

    expect(demuxer(skills, 'video4linux2')?.devices).toEqual([
      { id: path.join(roots.dev, 'video0'), name: 'Webcam C170: Webcam C170', extra: 'usb-0000:00:14.0-1.3', media: 'video' },
      { id: path.join(roots.dev, 'video2'), name: 'Webcam C170: Webcam C170', extra: 'usb-0000:00:14.0-1.3', media: 'video' },
      { id: path.join(roots.dev, 'video10'), name: 'Hauppauge HD PVR', extra: 'PCI:0000:03:00.0', media: 'video' },
    ]);
    expect(demuxer(skills, 'fbdev')?.devices).toEqual([{ id: path.join(roots.dev, 'fb0'), name: path.join(roots.dev, 'fb0'), extra: '', media: 'video' }]);
    expect(demuxer(skills, 'lavfi')?.devices).toEqual([]);
    // other platforms' demuxers stay empty on Linux
    expect(demuxer(skills, 'avfoundation')?.devices).toEqual([]);
    expect(demuxer(skills, 'dshow')?.devices).toEqual([]);
  });

  test('uses v4l2-ctl and fbset when they are on PATH', async () => {
    const { run, calls } = fakeRunner();
    const skills = await gatherSkills(FFMPEG, { run, roots, platform: 'linux', env: { PATH: `${emptyBin}:${toolBin}` } });

    expect(calls.filter((call) => call.binary !== FFMPEG).map((call) => [call.binary, ...call.args])).toEqual(
      expect.arrayContaining([
        [path.join(toolBin, 'v4l2-ctl'), '--list-devices'],
        [path.join(toolBin, 'fbset'), '-s', '-fb', path.join(roots.dev, 'fb0')],
      ]),
    );
    expect(demuxer(skills, 'video4linux2')?.devices.map((device) => device.id)).toEqual(['/dev/video0', '/dev/video1']);
    expect(demuxer(skills, 'fbdev')?.devices[0]?.extra).toBe('1280x720 bgra');
  });

  test('no /proc/asound, no sysfs, no framebuffer: empty device lists', async () => {
    const { run } = fakeRunner();
    const empty = path.join(root, 'nothing');
    const skills = await gatherSkills(FFMPEG, {
      run,
      roots: { proc: empty, sys: empty, dev: empty },
      platform: 'linux',
      env: { PATH: emptyBin },
    });
    for (const id of ['alsa', 'video4linux2', 'fbdev']) expect(demuxer(skills, id)?.devices).toEqual([]);
  });

  test('a listing that fails or cannot run yields empty lists, not an error', async () => {
    const { run } = fakeRunner({ '-filters': { code: 1, stdout: '', stderr: 'Unrecognized option' } });
    const failing: Runner = (binary, args, timeoutMs) =>
      args.includes('-codecs') ? Promise.reject(new Error('spawn EAGAIN')) : run(binary, args, timeoutMs);
    const skills = await gatherSkills(FFMPEG, { run: failing, roots, platform: 'linux', env: { PATH: emptyBin } });
    expect(skills.filter).toEqual([]);
    expect(skills.codecs).toEqual({ audio: [], video: [], subtitle: [] });
    expect(skills.formats.demuxers).toHaveLength(2);
  });
});

describe('gatherSkills on macOS and Windows', () => {
  test('macOS lists avfoundation devices through FFmpeg and reads no Linux trees', async () => {
    const { run, calls } = fakeRunner();
    const skills = await gatherSkills(FFMPEG, { run, roots, platform: 'darwin', env: { PATH: toolBin } });
    expect(calls.find((call) => call.args.includes('-list_devices'))?.args).toEqual([
      '-hide_banner', '-f', 'avfoundation', '-list_devices', 'true', '-i', '',
    ]);
    expect(demuxer(skills, 'avfoundation')?.devices).toEqual([
      { id: '0', name: 'FaceTime HD Camera', extra: '', media: 'video' },
      { id: '1', name: 'Capture screen 0', extra: '', media: 'video' },
      { id: '0', name: 'MacBook Pro Microphone', extra: '', media: 'audio' },
    ]);
    expect(demuxer(skills, 'alsa')?.devices).toEqual([]);
    expect(demuxer(skills, 'video4linux2')?.devices).toEqual([]);
    expect(calls).toHaveLength(8);
  });

  test('Windows lists dshow devices through FFmpeg', async () => {
    const { run, calls } = fakeRunner();
    const skills = await gatherSkills(FFMPEG, { run, roots, platform: 'win32', env: { Path: toolBin } });
    expect(calls.find((call) => call.args.includes('-list_devices'))?.args).toEqual([
      '-hide_banner', '-f', 'dshow', '-list_devices', 'true', '-i', 'dummy',
    ]);
    expect(demuxer(skills, 'dshow')?.devices).toEqual([
      { id: 'Integrated Camera', name: 'Integrated Camera', extra: '@device_pnp_\\\\?\\usb#vid_04f2&pid_b6d9', media: 'video' },
      {
        id: 'Microphone (Realtek(R) Audio)',
        name: 'Microphone (Realtek(R) Audio)',
        extra: '@device_cm_{33D9A762}\\wave_{B1F1A5C0}',
        media: 'audio',
      },
    ]);
  });

  test('a device listing that cannot run leaves the devices empty', async () => {
    const { run } = fakeRunner();
    const failing: Runner = (binary, args, timeoutMs) =>
      args.includes('-list_devices') ? Promise.reject(new Error('boom')) : run(binary, args, timeoutMs);
    const skills = await gatherSkills(FFMPEG, { run: failing, platform: 'darwin' });
    expect(demuxer(skills, 'avfoundation')?.devices).toEqual([]);
  });
});

describe('gatherSkills failures name the binary', () => {
  test.each<[string, RunResult, RegExp]>([
    ['non-zero exit', { code: 1, stdout: '', stderr: 'libavcodec.so.59: cannot open shared object file' }, /'\/opt\/ffmpeg\/bin\/ffmpeg' failed: -version exited with code 1: libavcodec\.so\.59/],
    ['no output', { code: 1, stdout: '', stderr: '' }, /exited with code 1: \(no output\)/],
    ['timeout', { code: null, stdout: '', stderr: '', timedOut: true }, /'\/opt\/ffmpeg\/bin\/ffmpeg' did not answer -version within 10000 ms/],
    ['not FFmpeg', { code: 0, stdout: 'hello world\n', stderr: '' }, /'\/opt\/ffmpeg\/bin\/ffmpeg' printed no FFmpeg version for -version: hello world/],
  ])('%s', async (_name, result, message) => {
    const { run } = fakeRunner({ '-version': result });
    await expect(gatherSkills(FFMPEG, { run, roots, platform: 'linux', env: { PATH: emptyBin } })).rejects.toThrow(message);
  });

  test('cannot be run at all', async () => {
    const run: Runner = () => Promise.reject(new Error('spawn /opt/ffmpeg/bin/ffmpeg ENOENT'));
    await expect(gatherSkills(FFMPEG, { run, roots, platform: 'linux', env: { PATH: emptyBin } })).rejects.toThrow(
      "ffmpeg binary '/opt/ffmpeg/bin/ffmpeg' could not be run: spawn /opt/ffmpeg/bin/ffmpeg ENOENT",
    );
  });
});

describe('V4L2 from sysfs', () => {
  test('gives the entries the v4l2-ctl parser gives for the same devices', async () => {
    const fromSysfs = await v4lDevicesFromSysfs({ sys: roots.sys, dev: '/dev' });
    // with the real /dev none of the fake nodes exist
    expect(fromSysfs).toEqual([]);

    for (const node of ['video0', 'video2', 'video10']) write(path.join(root, 'devroot', node), '');
    const devices = await v4lDevicesFromSysfs({ sys: roots.sys, dev: path.join(root, 'devroot') });
    const v4l2ctl = parseV4LDevices(`Webcam C170: Webcam C170 (usb-0000:00:14.0-1.3):
\t/dev/video0
\t/dev/video2

Hauppauge HD PVR (PCI:0000:03:00.0):
\t/dev/video10
`);
    expect(devices.map((device) => ({ ...device, id: path.basename(device.id) }))).toEqual(
      v4l2ctl.map((device) => ({ ...device, id: path.basename(device.id) })),
    );
  });

  test.each([
    ['/sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3/1-1.3:1.0', 'usb-3f980000.usb-1.3'],
    ['/sys/devices/pci0000:00/0000:00:14.0/usb3/3-2/3-2:1.0', 'usb-0000:00:14.0-2'],
    ['/sys/devices/pci0000:00/0000:00:1c.0/0000:03:00.0', 'PCI:0000:03:00.0'],
    ['/sys/devices/platform/soc/fe00b840.mailbox/bcm2835-codec', 'platform:bcm2835-codec'],
    ['/sys/devices/virtual/video4linux/video0', ''],
    ['', ''],
  ])('bus of %s is %j', (device, expected) => expect(busInfo(device)).toBe(expected));
});

describe('the default runner', () => {
  test('passes only PATH in the environment and reports the exit code', async () => {
    const run = createExecRunner({ env: { PATH: '/usr/bin:/bin', SECRET: 'x' }, platform: 'linux' });
    const result = await run('/usr/bin/env', [], 5000);
    expect(result).toEqual({ code: 0, stdout: 'PATH=/usr/bin:/bin\n', stderr: '' });
    expect(await run('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'], 5000)).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  test('kills a child that outlives the timeout', async () => {
    const run = createExecRunner({ env: { PATH: '/usr/bin:/bin' }, platform: 'linux' });
    const started = Date.now();
    const result = await run('/bin/sleep', ['10'], 200);
    expect(result).toMatchObject({ code: null, timedOut: true });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('rejects when the binary cannot be run, and when output exceeds maxBuffer', async () => {
    const run = createExecRunner({ env: { PATH: '/usr/bin:/bin' }, platform: 'linux', maxBuffer: 1000 });
    await expect(run('/nonexistent/ffmpeg', ['-version'], 5000)).rejects.toThrow(/\/nonexistent\/ffmpeg.*ENOENT/);
    await expect(run('/bin/sh', ['-c', 'head -c 5000 /dev/zero'], 5000)).rejects.toThrow(/maxBuffer/);
  });
});
