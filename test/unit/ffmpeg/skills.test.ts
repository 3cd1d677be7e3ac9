// Skills parsers on real Debian FFmpeg 5.1 output and on the variants other builds print.
import { describe, expect, test } from 'vitest';
import { parseCodecs } from '../../../main/core/ffmpeg/skills/codecs.js';
import { parseFormats } from '../../../main/core/ffmpeg/skills/formats.js';
import { parseSkills } from '../../../main/core/ffmpeg/skills/skills.js';
import { parseVersion } from '../../../main/core/ffmpeg/skills/version.js';
import { captureText, goldenText } from './fixtureFiles.js';

const DEVICES = ` D. = Demuxing supported
 .E = Muxing supported
 --
 DE alsa            ALSA audio output
  E caca            caca (color ASCII art) output device
 DE fbdev           Linux framebuffer
 D  libcdio          
 DE video4linux2,v4l2 Video4Linux2 output device
`;

describe('ffmpeg -version', () => {
  test('Debian 5.1.9 (distribution suffix, no leading spaces)', () => {
    const ffmpeg = parseVersion(captureText('ffmpeg5-version.txt'));
    expect(ffmpeg.version).toBe('5.1.9');
    expect(ffmpeg.compiler).toBe('gcc 12 (Debian 12.2.0-14+deb12u1)');
    expect(ffmpeg.configuration).toMatch(/^--prefix=\/usr --extra-version=0\+deb12u1 /);
    expect(ffmpeg.libraries[0]).toEqual({ name: 'libavutil', compiled: '57. 28.100', linked: '57. 28.100' });
    expect(ffmpeg.libraries).toHaveLength(8);
  });

  test.each([
    ['ffmpeg version n7.0.1 Copyright (c) 2000-2024 the FFmpeg developers', '7.0.1'],
    ['ffmpeg version 6.1.1-3ubuntu5 Copyright (c) 2000-2023 the FFmpeg developers', '6.1.1'],
    ['ffmpeg version ffmpeg-4.4.1 Copyright (c) 2000-2021', '4.4.1'],
    ['ffmpeg version 7.1 Copyright (c) 2000-2024 the FFmpeg developers', '7.1.0'],
  ])('%s', (line, version) => expect(parseVersion(`${line}\r\nbuilt with gcc 13\r\n`).version).toBe(version));

  test('a git build is dated by its libavutil version', () => {
    const text = [
      'ffmpeg version N-113584-g1234abcd Copyright (c) 2000-2024 the FFmpeg developers',
      '  built with gcc 13.2.0 (crosstool-NG 1.25.0.232_c175b21)',
      '  configuration: --enable-gpl',
      '  libavutil      59. 16.100 / 59. 16.100',
      '  libavcodec     61.  5.103 / 61.  5.103',
    ].join('\n');
    expect(parseVersion(text)).toMatchObject({ version: '7.0.0', compiler: 'gcc 13.2.0 (crosstool-NG 1.25.0.232_c175b21)', configuration: '--enable-gpl' });
    expect(parseVersion('ffmpeg version N-1-gabc\n  libavutil      55. 78.100 / 55. 78.100').version).toBe('');
  });

  test('garbage gives an empty description instead of throwing', () => {
    expect(parseVersion('')).toEqual({ version: '', compiler: '', configuration: '', libraries: [] });
    expect(parseVersion('sh: ffmpeg: not found').version).toBe('');
  });
});

test('codecs: an encoder-only codec has no decoders, data codecs are not listed', () => {
  const codecs = parseCodecs(
    [' .EVI.S a64_multi  Multicolor charset for Commodore 64 (encoders: a64multi )', ' D.D... bin_data  binary data', ' DES... ass  ASS (Advanced SSA) subtitle (decoders: ssa ass ) (encoders: ssa ass )'].join('\n'),
  );
  expect(codecs.video).toEqual([{ id: 'a64_multi', name: 'Multicolor charset for Commodore 64', encoders: ['a64multi'], decoders: [] }]);
  expect(codecs.subtitle).toEqual([{ id: 'ass', name: 'ASS (Advanced SSA) subtitle', encoders: ['ssa', 'ass'], decoders: ['ssa', 'ass'] }]);
  expect(codecs.audio).toEqual([]);
});

test('formats of FFmpeg 7 with the device flag column', () => {
  const text = ' D.. = Demuxing supported\n .E. = Muxing supported\n ..d = Is a device\n ---\n D   3dostr          3DO STR\n DEd alsa            ALSA audio output\n  E  mp4             MP4 (MPEG-4 Part 14)\n';
  expect(parseFormats(text)).toEqual({
    demuxers: [
      { id: '3dostr', name: '3DO STR' },
      { id: 'alsa', name: 'ALSA audio output' },
    ],
    muxers: [
      { id: 'alsa', name: 'ALSA audio output' },
      { id: 'mp4', name: 'MP4 (MPEG-4 Part 14)' },
    ],
  });
});

test('parseSkills assembles api.Skills with the hardware under its device', () => {
  const skills = parseSkills({
    version: captureText('ffmpeg5-version.txt'),
    devices: DEVICES,
    hwaccels: goldenText('skills_TestHWAccels'),
    alsa: { cards: goldenText('skills_TestALSACards'), devices: goldenText('skills_TestALSADevices') },
    v4l2: goldenText('skills_TestV4LDevices'),
    framebuffers: [{ path: '/dev/fb0', fbset: goldenText('skills_TestFramebufferDevices_1') }],
  });
  expect(skills.ffmpeg.version).toBe('5.1.9');
  expect(skills.hwaccels).toEqual([{ id: 'videotoolbox', name: 'videotoolbox' }]);
  expect(skills.filter).toEqual([]);
  expect(skills.codecs).toEqual({ audio: [], video: [], subtitle: [] });
  expect(skills.formats).toEqual({ demuxers: [], muxers: [] });
  expect(skills.protocols).toEqual({ input: [], output: [] });
  expect(skills.devices.demuxers.map((device) => [device.id, device.name, device.devices.map((hw) => hw.id)])).toEqual([
    ['alsa', 'ALSA audio output', ['hw:1,0']],
    ['fbdev', 'Linux framebuffer', ['/dev/fb0']],
    ['libcdio', '', []],
    ['video4linux2', 'Video4Linux2 output device', ['/dev/video0', '/dev/video1']],
  ]);
  expect(skills.devices.demuxers[1]!.devices[0]).toEqual({ id: '/dev/fb0', name: '/dev/fb0', extra: '1280x720 bgra', media: 'video' });
  expect(skills.devices.muxers.map((device) => device.id)).toEqual(['alsa', 'caca', 'fbdev', 'video4linux2']);
});
