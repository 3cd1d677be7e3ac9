import { describe, expect, it } from 'vitest';
import { createCommand } from '../../../main/core/restream/command.js';
import { storedConfig } from './helpers.js';

const io = (id: string, address: string, options: string[] = []) => ({ id, address, options, cleanup: [] });

describe('createCommand (restream/app CreateCommand)', () => {
  it('manual minimal example: -i input output', () => {
    expect(createCommand(storedConfig({ id: 'x', input: [io('0', 'input')], output: [io('0', 'output')] }))).toEqual(['-i', 'input', 'output']);
  });

  it('global options, then every input with its options, then every output', () => {
    const config = storedConfig({
      id: 'x',
      options: ['-loglevel', 'error'],
      input: [
        io('video_in', 'testsrc=size=1280x720:rate=25', ['-f', 'lavfi', '-re']),
        io('audio_in', 'anullsrc=r=44100:stereo=25', ['-f', 'lavfi']),
      ],
      output: [
        io('out', 'rtmp://someip/live/stream', ['-codec:v', 'libx264', '-r', '25', '-g', '50', '-preset:v', 'ultrafast', '-b:v', '2M', '-codec:a', 'aac', '-b:a', '64k', '-f', 'flv']),
        io('null', '-', ['-f', 'null']),
      ],
    });
    expect(createCommand(config)).toEqual([
      '-loglevel', 'error',
      '-f', 'lavfi', '-re', '-i', 'testsrc=size=1280x720:rate=25',
      '-f', 'lavfi', '-i', 'anullsrc=r=44100:stereo=25',
      '-codec:v', 'libx264', '-r', '25', '-g', '50', '-preset:v', 'ultrafast', '-b:v', '2M', '-codec:a', 'aac', '-b:a', '64k', '-f', 'flv', 'rtmp://someip/live/stream',
      '-f', 'null', '-',
    ]);
  });

  it('adds no flags of its own and keeps `-` as given (the guide process command)', () => {
    const config = storedConfig({
      id: 'test',
      input: [io('0', 'testsrc=size=1280x720:rate=25', ['-f', 'lavfi', '-re'])],
      output: [io('0', '-', ['-c:v', 'libx264', '-f', 'null'])],
    });
    expect(createCommand(config)).toEqual(['-f', 'lavfi', '-re', '-i', 'testsrc=size=1280x720:rate=25', '-c:v', 'libx264', '-f', 'null', '-']);
  });

  it('does not alias the config arrays', () => {
    const config = storedConfig({ id: 'x', options: ['-y'], input: [io('i', 'a')], output: [io('o', 'b')] });
    const command = createCommand(config);
    command.push('mutated');
    expect(config.options).toEqual(['-y']);
  });
});
