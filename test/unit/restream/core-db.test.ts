// db.json files written by datarhei Core itself (the importer's v4 goldens) load into the registry unchanged.
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Restream } from '../../../main/core/restream/Restream.js';
import { createDefaultTemplates } from '../../../main/core/restream/replace/templates.js';
import { MemFilesystem } from '../../../main/core/fs/MemFilesystem.js';
import { fromStoredConfig } from '../../../main/core/restream/convert.js';
import { decodeStoreData } from '../../../main/core/restream/store/format.js';
import { coreFixtures } from '../../helpers/paths.js';
import { makeTempDir } from '../../helpers/engine.js';
import { recordingLogger } from '../../helpers/silentLogger.js';

const files = readdirSync(path.join(coreFixtures, 'import')).filter((name) => name.startsWith('v4_'));

async function open(dbDir: string) {
  return Restream.open({
    dbDir,
    binary: '/bin/false',
    ffmpegVersion: async () => '5.1.9',
    maxProcesses: 0,
    logMaxLines: 50,
    logMaxHistory: 3,
    templates: createDefaultTemplates({ diskDir: path.join(dbDir, 'data'), httpAddress: ':8080', memfsAuth: { username: 'admin', password: 'x' } }),
    rules: { diskDir: path.join(dbDir, 'data') },
    filesystems: new Map([['mem', new MemFilesystem()]]),
    logger: recordingLogger(),
  });
}

describe('db.json from datarhei Core', () => {
  it('has fixtures to load', () => expect(files.length).toBeGreaterThan(20));

  for (const file of files) {
    it(`loads ${file} with every process, order and metadata`, async () => {
      const dir = makeTempDir('core-db-');
      mkdirSync(path.join(dir, 'data'));
      copyFileSync(path.join(coreFixtures, 'import', file), path.join(dir, 'db.json'));
      const original = decodeStoreData(readFileSync(path.join(dir, 'db.json'), 'utf8'));
      const registry = await open(dir);
      const ids = Object.keys(original.process);
      for (const id of ids) {
        expect(registry.has(id), id).toBe(true);
        expect(registry.config(id)).toEqual(fromStoredConfig(original.process[id]!.config));
        expect(registry.metadata(id)).toEqual(original.metadata.process[id] ?? null);
      }
      // A write keeps every loaded process exactly as Core stored it.
      await registry.setSystemMetadata('touched', true);
      const saved = decodeStoreData(readFileSync(path.join(dir, 'db.json'), 'utf8'));
      for (const id of ids) {
        expect(saved.process[id]!.config).toEqual({ ...original.process[id]!.config, ffversion: saved.process[id]!.config.ffversion });
        expect(saved.process[id]!.order).toBe(original.process[id]!.order);
        expect(saved.process[id]!.created_at).toBe(original.process[id]!.created_at);
      }
      await registry.stop();
    });
  }
});
