// Reads the template settings out of Core's v3 config, the way Core's app wires its replacer.
import path from 'node:path';
import type { ConfigData } from '../../config/types.js';
import type { TemplateSettings } from './templates.js';

/** rtmp and srt are registered even when their servers are off, as Core does. */
export function templateSettingsFromConfig(config: ConfigData, cwd = process.cwd()): TemplateSettings {
  const memory = config.storage.memory.auth;
  return {
    diskDir: path.resolve(cwd, config.storage.disk.dir),
    httpAddress: config.address,
    memfsAuth: memory.enable ? { username: memory.username, password: memory.password } : null,
    s3: config.storage.s3.map((s3) => ({
      name: s3.name,
      mountpoint: s3.mountpoint,
      auth: s3.auth.enable ? { username: s3.auth.username, password: s3.auth.password } : null,
    })),
    rtmp: { address: config.rtmp.address, app: config.rtmp.app, token: config.rtmp.token },
    srt: { address: config.srt.address, token: config.srt.token, passphrase: config.srt.passphrase },
  };
}
