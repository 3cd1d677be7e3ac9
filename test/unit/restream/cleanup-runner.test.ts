// The cleanup loop against a real memfs: max_files, max_file_age_seconds and purge_on_delete.
import { describe, expect, it } from 'vitest';
import { CleanupRunner } from '../../../main/core/restream/cleanup/CleanupRunner.js';
import { MemFilesystem } from '../../../main/core/fs/MemFilesystem.js';
import type { StoredProcessConfig } from '../../../main/core/restream/types.js';
import { recordingLogger } from '../../helpers/silentLogger.js';
import { storedConfig } from './helpers.js';

function config(cleanup: StoredProcessConfig['output'][number]['cleanup']): StoredProcessConfig {
  return storedConfig({ id: 'p', ffversion: '^5.1.0', output: [{ id: 'out', address: 'x', options: [], cleanup }] });
}

describe('CleanupRunner', () => {
  it('keeps the newest max_files segments and drops files older than the age limit', async () => {
    let now = 1_000_000;
    const memfs = new MemFilesystem(() => now);
    for (let i = 0; i < 8; i++) {
      memfs.writeSync(`/live_${i}.ts`, Buffer.from('x'));
      now += 1000;
    }
    memfs.writeSync('/live.m3u8', Buffer.from('#EXTM3U'));
    memfs.writeSync('/other.ts', Buffer.from('y'));
    const runner = new CleanupRunner(new Map([['mem', memfs]]), recordingLogger());
    runner.set('p', config([
      { pattern: 'memfs:/live_*.ts', max_files: 3, max_file_age_seconds: 0, purge_on_delete: false },
      { pattern: 'mem:/live.m3u8', max_files: 0, max_file_age_seconds: 5, purge_on_delete: true },
    ]));
    await runner.tick(now);
    expect((await memfs.list('/live_*.ts')).map((f) => f.name).sort()).toEqual(['/live_5.ts', '/live_6.ts', '/live_7.ts']);
    expect(memfs.statSync('/live.m3u8')).not.toBeNull();
    await runner.tick(now + 6000);
    expect(memfs.statSync('/live.m3u8')).toBeNull();
    expect(memfs.statSync('/other.ts')).not.toBeNull();
  });

  it('purges on delete only the files of rules with purge_on_delete', async () => {
    const memfs = new MemFilesystem();
    for (const name of ['/ch/a.ts', '/ch/b.ts', '/ch/index.m3u8', '/keep.txt']) memfs.writeSync(name, Buffer.from('z'));
    const runner = new CleanupRunner(new Map([['mem', memfs]]), recordingLogger());
    runner.set('p', config([{ pattern: 'memfs:/ch/**', max_files: 0, max_file_age_seconds: 0, purge_on_delete: true }]));
    await runner.unset('p', true);
    expect((await memfs.list()).map((f) => f.name)).toEqual(['/keep.txt']);
  });

  it('ignores rules for filesystems that do not exist', async () => {
    const memfs = new MemFilesystem();
    memfs.writeSync('/a.ts', Buffer.from('1'));
    const runner = new CleanupRunner(new Map([['mem', memfs]]), recordingLogger());
    runner.set('p', config([{ pattern: 'aws:/a.ts', max_files: 0, max_file_age_seconds: 1, purge_on_delete: true }]));
    await runner.unset('p', true);
    expect(memfs.statSync('/a.ts')).not.toBeNull();
  });
});
