import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfigPath, userConfigDir } from './configApi.js';
import { tempDir } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function touch(...parts: string[]): string {
  const file = path.join(dir, ...parts);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '{}');
  return file;
}

describe('resolveConfigPath', () => {
  const layout = () => ({ cwd: path.join(dir, 'work'), home: path.join(dir, 'home'), userConfigDir: path.join(dir, 'xdg') });

  it('CORE_CONFIGFILE wins and is made absolute against cwd', () => {
    touch('xdg', 'datarhei-core', 'config.js');
    expect(resolveConfigPath({ CORE_CONFIGFILE: './config/config.json' }, layout())).toBe(path.join(dir, 'work', 'config', 'config.json'));
    expect(resolveConfigPath({ CORE_CONFIGFILE: '/etc/core.json' }, layout())).toBe('/etc/core.json');
  });

  it('probes the user config dir first', () => {
    const userFile = touch('xdg', 'datarhei-core', 'config.js');
    touch('home', '.config', 'datarhei-core', 'config.js');
    touch('work', 'config', 'config.js');
    expect(resolveConfigPath({}, layout())).toBe(userFile);
  });

  it('then ~/.config/datarhei-core/config.js', () => {
    const homeFile = touch('home', '.config', 'datarhei-core', 'config.js');
    touch('work', 'config', 'config.js');
    expect(resolveConfigPath({}, layout())).toBe(homeFile);
  });

  it('then ./config/config.js', () => {
    const local = touch('work', 'config', 'config.js');
    expect(resolveConfigPath({}, layout())).toBe(local);
  });

  it('falls back to ./config/config.js when nothing exists; an empty CORE_CONFIGFILE counts as unset', () => {
    expect(resolveConfigPath({ CORE_CONFIGFILE: '' }, layout())).toBe(path.join(dir, 'work', 'config', 'config.js'));
  });

  it('uses the injected exists() for probing', () => {
    const seen: string[] = [];
    const result = resolveConfigPath({}, { ...layout(), exists: (f) => (seen.push(f), false) });
    expect(seen).toEqual([
      path.join(dir, 'xdg', 'datarhei-core', 'config.js'),
      path.join(dir, 'home', '.config', 'datarhei-core', 'config.js'),
      path.join(dir, 'work', 'config', 'config.js'),
    ]);
    expect(result).toBe(path.join(dir, 'work', 'config', 'config.js'));
  });
});

describe('userConfigDir (Go os.UserConfigDir)', () => {
  it.each([
    [{}, 'linux', '/home/u', '/home/u/.config'],
    [{ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/u', '/xdg'],
    [{ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/u', '/home/u/.config'],
    [{}, 'darwin', '/Users/u', '/Users/u/Library/Application Support'],
    [{ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u', 'C:\\Users\\u\\AppData\\Roaming'],
  ] as const)('%j on %s', (env, platform, home, expected) => {
    expect(userConfigDir(env, platform, home)).toBe(expected);
  });
});
