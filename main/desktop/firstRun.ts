// The desktop app's first start: the engine provisions API auth with a generated admin password (needed from other
// machines on the LAN; the app itself is exempt as localhost). The UI asks the user to choose one until they have,
// or until they keep the generated one; a marker file under userData remembers the answer.
import { existsSync, writeFileSync } from 'node:fs';
import type { FirstRunInfo } from '../../preload/bridge.js';

export interface FirstRunSource {
  /** The generated password of this start, when this start created the config (Core.firstRunPassword). */
  generatedPassword(): string | null;
  /** Whether the engine requires a login at all (api.auth.enable) and for whom. */
  auth(): { enabled: boolean; username: string };
}

export class FirstRunState {
  constructor(
    private readonly markerFile: string,
    private readonly source: FirstRunSource,
  ) {}

  info(): FirstRunInfo {
    const auth = this.source.auth();
    return { pending: auth.enabled && !existsSync(this.markerFile), username: auth.username, generatedPassword: this.source.generatedPassword() };
  }

  complete(): void {
    writeFileSync(this.markerFile, `${new Date().toISOString()}\n`);
  }
}
