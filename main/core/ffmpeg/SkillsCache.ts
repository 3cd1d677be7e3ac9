// The FFmpeg binary's skills and working hardware encoders, probed once in the background and on reload.
import { gatherSkills } from './skills/gather.js';
import { detectHardwareEncoders, type HardwareEncoder } from './hwencoders.js';
import type { Skills } from './skills/types.js';
import type { Logger } from '../log/Logger.js';

/** Core's skills plus which hardware encoders really work here (an addition clients may ignore). */
export type SkillsWithHardware = Skills & { hardware_encoders: HardwareEncoder[] };

export class SkillsCache {
  private current: Promise<SkillsWithHardware> | null = null;

  constructor(
    readonly binary: string,
    private readonly hardwareCacheFile: string,
    private readonly logger: Logger,
  ) {}

  get(): Promise<SkillsWithHardware> {
    this.current ??= this.probe(false);
    return this.current;
  }

  reload(): Promise<SkillsWithHardware> {
    this.current = this.probe(true);
    return this.current;
  }

  async version(): Promise<string> {
    return (await this.get()).ffmpeg.version;
  }

  private async probe(refresh: boolean): Promise<SkillsWithHardware> {
    const started = Date.now();
    try {
      const skills = await gatherSkills(this.binary);
      const hardware = await detectHardwareEncoders(this.binary, skills.codecs, { cacheFile: this.hardwareCacheFile, refresh });
      this.logger.info('ffmpeg skills probed', { binary: this.binary, version: skills.ffmpeg.version, ms: Date.now() - started });
      return { ...skills, hardware_encoders: hardware };
    } catch (error) {
      this.current = null; // try again on the next request
      this.logger.error('cannot probe ffmpeg', { binary: this.binary, error: (error as Error).message });
      throw error;
    }
  }
}
