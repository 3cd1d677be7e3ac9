import { describe, expect, it } from 'vitest';
import {
  buildEgress,
  buildProbe,
  buildProcesses,
  commandLine,
  channelProblem,
  defaultState,
  destinationUrl,
  rtmpPublish,
  srtPublish,
  type WizardState,
} from '../../../renderer/src/wizard/build.js';

function state(patch: Partial<WizardState> = {}): WizardState {
  return { ...defaultState('studio'), ...patch };
}

describe('wizard body builder', () => {
  it('builds the HLS ingest for an RTMP publish with copy', () => {
    const [ingest, ...rest] = buildProcesses(state());
    expect(rest).toEqual([]);
    expect(ingest).toMatchObject({
      type: 'ffmpeg',
      id: 'ui:ingest:studio',
      reference: 'studio',
      options: ['-loglevel', 'level+info', '-err_detect', 'ignore_err', '-y'],
      autostart: true,
      reconnect: true,
      reconnect_delay_seconds: 15,
      stale_timeout_seconds: 30,
    });
    expect(ingest!.input).toEqual([
      { id: 'input_0', address: '{rtmp,name=studio.stream}', options: ['-fflags', '+genpts', '-thread_queue_size', '512', '-probesize', '5000000', '-analyzeduration', '3000000'] },
    ]);
    const output = ingest!.output[0]!;
    expect(output.id).toBe('out');
    expect(output.address).toBe('{memfs}/studio.m3u8');
    const options = output.options!;
    expect(options).toContain('copy');
    expect(options.slice(options.indexOf('-f'), options.indexOf('-f') + 2)).toEqual(['-f', 'hls']);
    expect(options.slice(-2)).toEqual(['-method', 'PUT']);
    expect(options[options.indexOf('-hls_segment_filename') + 1]).toBe('{memfs}/studio_%04d.ts');
    expect(output.cleanup).toEqual([
      { pattern: 'memfs:/studio**', purge_on_delete: true },
      { pattern: 'memfs:/studio.m3u8', max_file_age_seconds: 24, purge_on_delete: true },
      { pattern: 'memfs:/studio_**.ts', max_files: 12, max_file_age_seconds: 24, purge_on_delete: true },
    ]);
  });

  it('gives every destination its own egress process fed by the ingest output', () => {
    const bodies = buildProcesses(
      state({
        destinations: [
          { n: 1, service: 'youtube', key: 'yt-key', url: '' },
          { n: 2, service: 'custom', key: '', url: 'srt://example.com:9000?streamid=x' },
          { n: 5, service: 'kick', key: 'k', url: '' },
        ],
      }),
    );
    expect(bodies.map((body) => body.id)).toEqual(['ui:ingest:studio', 'ui:egress:1:studio', 'ui:egress:2:studio', 'ui:egress:5:studio']);
    // Followers retry quickly: the ingest's playlist appears seconds after they start.
    expect(bodies.slice(1).map((body) => body.reconnect_delay_seconds)).toEqual([3, 3, 3]);
    const [, youtube, srt, kick] = bodies;
    for (const egress of [youtube!, srt!, kick!]) {
      expect(egress.reference).toBe('studio');
      expect(egress.input[0]!.address).toBe('#ui:ingest:studio:output=out');
      expect(egress.autostart).toBe(true);
      expect(egress.reconnect).toBe(true);
    }
    expect(youtube!.output[0]).toEqual({ id: 'output_0', address: 'rtmp://a.rtmp.youtube.com/live2/yt-key', options: ['-c', 'copy', '-f', 'flv'] });
    expect(srt!.output[0]!.options).toEqual(['-c', 'copy', '-f', 'mpegts']);
    expect(kick!.output[0]!.address).toBe('rtmps://fa723fc1b171.global-contribute.live-video.net/app/k');
    expect(destinationUrl({ n: 1, service: 'twitch', key: 'abc', url: '' })).toBe('rtmp://live.twitch.tv/app/abc');
    expect(destinationUrl({ n: 1, service: 'facebook', key: 'abc', url: '' })).toBe('rtmps://live-api-s.facebook.com:443/rtmp/abc');
    expect(buildEgress(state(), { n: 3, service: 'custom', key: '', url: ' rtmp://h/app/k ' }).output[0]!.address).toBe('rtmp://h/app/k');
  });

  it('encodes H.264 + AAC with the presets, and records to disk with a retention rule', () => {
    const bodies = buildProcesses(
      state({
        source: 'network',
        networkUrl: 'rtsp://cam/1',
        encoding: { mode: 'h264', encoder: 'h264_nvenc', resolution: '1280x720', bitrateKbit: 2500, framerate: 30 },
        recording: { enabled: true, segmentSeconds: 300, retentionDays: 2 },
      }),
    );
    const ingest = bodies[0]!;
    expect(ingest.input[0]!.address).toBe('rtsp://cam/1');
    expect(ingest.input[0]!.options!.slice(0, 2)).toEqual(['-rtsp_transport', 'tcp']);
    const options = ingest.output[0]!.options!;
    expect(options[options.indexOf('-codec:v') + 1]).toBe('h264_nvenc');
    expect(options[options.indexOf('-b:v') + 1]).toBe('2500k');
    expect(options[options.indexOf('-s') + 1]).toBe('1280x720');
    expect(options[options.indexOf('-r') + 1]).toBe('30');
    expect(options[options.indexOf('-codec:a') + 1]).toBe('aac');
    const recording = bodies[1]!;
    expect(recording.id).toBe('ui:record:studio');
    expect(recording.input[0]!.address).toBe('#ui:ingest:studio:output=out');
    expect(recording.output[0]!.address).toBe('{diskfs}/recordings/studio/index.m3u8');
    expect(recording.output[0]!.options![recording.output[0]!.options!.indexOf('-hls_time') + 1]).toBe('300');
    expect(recording.output[0]!.cleanup).toEqual([{ pattern: 'diskfs:/recordings/studio/**.ts', max_file_age_seconds: 2 * 86400 }]);
  });

  it('builds SRT and device inputs, and a probe process that does not start', () => {
    expect(buildProcesses(state({ source: 'srt' }))[0]!.input[0]!.address).toBe('{srt,name=studio,mode=request}');
    const device = buildProcesses(state({ source: 'device', device: { demuxer: 'video4linux2', device: '/dev/video0' } }))[0]!.input[0]!;
    expect(device).toMatchObject({ address: '/dev/video0', options: ['-f', 'video4linux2', '-thread_queue_size', '512'] });
    const probe = buildProbe(state({ source: 'network', networkUrl: 'http://x/a.m3u8' }));
    expect(probe).toMatchObject({ id: 'ui:probe:studio', autostart: false, reconnect: false, input: [{ address: 'http://x/a.m3u8' }] });
  });

  it('shows the publish addresses from the config', () => {
    const config = { rtmp: { enable: true, address: ':1935', app: '/live', token: 'secret' }, srt: { enable: true, address: ':6000', token: 't', passphrase: 'pass1234567' }, host: { name: ['stream.example.com'] } };
    expect(rtmpPublish(config, 'page.local', 'studio')).toEqual({
      enabled: true,
      server: 'rtmp://stream.example.com:1935/live',
      key: 'studio.stream/secret',
      channelName: '/live/studio.stream',
    });
    expect(rtmpPublish({ rtmp: { enable: true, address: '127.0.0.1:19350', app: '/', token: '' } }, 'page.local', 'a')).toMatchObject({
      server: 'rtmp://page.local:19350',
      key: 'a.stream',
      channelName: '/a.stream',
    });
    expect(srtPublish(config, 'page.local', 'studio')).toEqual({
      enabled: true,
      url: 'srt://stream.example.com:6000?mode=caller&transtype=live&streamid=studio,mode:publish,token:t&passphrase=pass1234567',
      passphrase: 'pass1234567',
    });
    expect(channelProblem('Bad Name')).toBeTruthy();
    expect(channelProblem('good-1')).toBeNull();
  });
});

describe('command line for experts', () => {
  it('reads like the FFmpeg command, quoting what a shell would split', () => {
    const line = commandLine({
      id: 'x',
      input: [{ id: 'in', address: '{rtmp,name=cam.stream}', options: ['-re'] }],
      output: [{ id: 'out', address: 'rtmp://a.example/live/my key', options: ['-c', 'copy', '-f', 'flv'] }],
      options: ['-loglevel', 'level+info'],
    });
    expect(line).toBe("ffmpeg -loglevel level+info -re -i {rtmp,name=cam.stream} -c copy -f flv 'rtmp://a.example/live/my key'");
    expect(commandLine({ id: 'y', input: [{ id: 'i', address: "it's" }], output: [{ id: 'o', address: '-' }] })).toBe("ffmpeg -i 'it'\\''s' -");
  });
});
