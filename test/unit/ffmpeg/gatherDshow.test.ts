// parseDshowDevices on the listings FFmpeg's dshow input prints (≥ 5.0 typed lines, ≤ 4.4 sections).
import { describe, expect, test } from 'vitest';
import { parseDshowDevices } from '../../../main/core/ffmpeg/skills/devicesDshow.js';

// FFmpeg 5.1 on Windows 11 (pointers print without "0x" there)
const MODERN = `[dshow @ 000001f2a1b2c3d0] "Integrated Camera" (video)
[dshow @ 000001f2a1b2c3d0]   Alternative name "@device_pnp_\\\\?\\usb#vid_04f2&pid_b6d9&mi_00#6&1e3c0a1&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global"
[dshow @ 000001f2a1b2c3d0] "OBS Virtual Camera" (none)
[dshow @ 000001f2a1b2c3d0]   Alternative name "@device_sw_{860BB310-5D01-11D0-BD3B-00A0C911CE86}\\{A3FCE0F5-3493-419F-958A-ABA1250EC20B}"
[dshow @ 000001f2a1b2c3d0] "Microphone Array (Realtek(R) Audio)" (audio)
[dshow @ 000001f2a1b2c3d0]   Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{B1F1A5C0-1111-2222-3333-444455556666}"
[dshow @ 000001f2a1b2c3d0] "HD Webcam C920" (video, audio)
[dshow @ 000001f2a1b2c3d0]   Alternative name "@device_pnp_\\\\?\\usb#vid_046d&pid_082d#global"
[in#0 @ 000001f2a1b2c3d0] Error opening input: Immediate exit requested
Error opening input file dummy.
`;

// FFmpeg 4.4
const LEGACY = `[dshow @ 0000020c4b3c9a40] DirectShow video devices (some may be both video and audio devices)
[dshow @ 0000020c4b3c9a40]  "Integrated Camera"
[dshow @ 0000020c4b3c9a40]     Alternative name "@device_pnp_\\\\?\\usb#vid_04f2&pid_b6d9#global"
[dshow @ 0000020c4b3c9a40] DirectShow audio devices
[dshow @ 0000020c4b3c9a40]  "Microphone (Realtek High Definition Audio)"
[dshow @ 0000020c4b3c9a40]     Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{0D2A4E38}"
dummy: Immediate exit requested\r
`;

describe('parseDshowDevices', () => {
  test('FFmpeg ≥ 5: media after the name, alternative name as extra, "(none)" skipped, both media listed twice', () => {
    expect(parseDshowDevices(MODERN)).toEqual([
      {
        id: 'Integrated Camera',
        name: 'Integrated Camera',
        extra: '@device_pnp_\\\\?\\usb#vid_04f2&pid_b6d9&mi_00#6&1e3c0a1&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global',
        media: 'video',
      },
      {
        id: 'Microphone Array (Realtek(R) Audio)',
        name: 'Microphone Array (Realtek(R) Audio)',
        extra: '@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{B1F1A5C0-1111-2222-3333-444455556666}',
        media: 'audio',
      },
      { id: 'HD Webcam C920', name: 'HD Webcam C920', extra: '@device_pnp_\\\\?\\usb#vid_046d&pid_082d#global', media: 'video' },
      { id: 'HD Webcam C920', name: 'HD Webcam C920', extra: '@device_pnp_\\\\?\\usb#vid_046d&pid_082d#global', media: 'audio' },
    ]);
  });

  test('FFmpeg ≤ 4.4: media from the section heading', () => {
    expect(parseDshowDevices(LEGACY)).toEqual([
      { id: 'Integrated Camera', name: 'Integrated Camera', extra: '@device_pnp_\\\\?\\usb#vid_04f2&pid_b6d9#global', media: 'video' },
      {
        id: 'Microphone (Realtek High Definition Audio)',
        name: 'Microphone (Realtek High Definition Audio)',
        extra: '@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{0D2A4E38}',
        media: 'audio',
      },
    ]);
  });

  test('a device without an alternative name line keeps an empty extra; no devices, no entries', () => {
    expect(parseDshowDevices('[dshow @ 0x55d] "Capture" (video)\n[dshow @ 0x55d] "Mic" (audio)\n')).toEqual([
      { id: 'Capture', name: 'Capture', extra: '', media: 'video' },
      { id: 'Mic', name: 'Mic', extra: '', media: 'audio' },
    ]);
    expect(parseDshowDevices("Unknown input format: 'dshow'\n")).toEqual([]);
    expect(parseDshowDevices('')).toEqual([]);
  });
});
