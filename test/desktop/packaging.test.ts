// The packaging check: `npm run dist:dir` (electron-builder --linux dir, stand-in Electron) into a temp dir, then what the
// installers are made from: the asar's bundles and entry, the unpacked SRT addon with its libsrt and $ORIGIN rpath.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(repoRoot, 'package.json'));
const ADDON_DIR = 'app.asar.unpacked/main/core/srt/native/build/Release';

function hasElectronBuilder(): boolean {
  try {
    require.resolve('electron-builder/cli.js');
    return true;
  } catch {
    return false;
  }
}
const builderInstalled = hasElectronBuilder();
const title = builderInstalled
  ? 'packaging: npm run dist:dir (electron-builder --linux dir, stand-in Electron)'
  : 'packaging (SKIPPED: electron-builder is not installed; npm install --save-dev electron-builder)';

type Asar = { listPackage(archive: string, options: { isPack: boolean }): string[]; extractFile(archive: string, file: string): Buffer };

describe.skipIf(!builderInstalled)(title, () => {
  let out = '';
  let resources = '';
  let archive = '';
  let asar: Asar;
  let files: Set<string>;

  beforeAll(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'dist-dir-'));
    const run = (args: string[]) => {
      const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', timeout: 90_000 });
      if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
      return result.stdout;
    };
    run(['scripts/build.mjs', '--if-stale']);
    expect(existsSync(path.join(repoRoot, 'main/core/srt/native/build/Release/srt.node')), 'the SRT addon is built (npm run build:srt)').toBe(true);
    run(['scripts/dist-dir.mjs', `-c.directories.output=${out}`]);
    resources = path.join(out, 'linux-unpacked', 'resources');
    archive = path.join(resources, 'app.asar');
    asar = (await import('@electron/asar')) as unknown as Asar;
    files = new Set(asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/')));
  }, 120_000);

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('app.asar holds the main, preload and renderer bundles', () => {
    expect(existsSync(archive)).toBe(true);
    for (const file of ['/dist/main/index.js', '/dist/preload/index.cjs', '/dist/renderer/index.html', '/package.json']) {
      expect(files.has(file), file).toBe(true);
    }
    expect([...files].filter((f) => f.startsWith('/dist/') && f.endsWith('.map')), 'no source maps of our bundles').toEqual([]);
  });

  it("the app's package.json names dist/main/index.js, and everything it imports is in the asar", () => {
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string; version: string };
    expect(pkg.main).toBe('dist/main/index.js');
    expect(files.has(`/${pkg.main}`)).toBe(true);
    // Follow the entry's static and dynamic relative imports (esbuild chunks); bare ones must be in node_modules.
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      expect(files.has(file), `${file} (imported by the main bundle)`).toBe(true);
      const source = asar.extractFile(archive, file.slice(1)).toString('utf8');
      for (const m of source.matchAll(/^(?:import|export)\b[^;'"]*?(?:from\s*)?"([^"]+)";?\s*$/gm)) {
        if (m[1]!.startsWith('.')) visit(path.posix.resolve(path.posix.dirname(file), m[1]!));
        else bare.add(m[1]!);
      }
      for (const m of source.matchAll(/\bimport\("(\.[^"]+)"\)/g)) visit(path.posix.resolve(path.posix.dirname(file), m[1]!));
    };
    visit(`/${pkg.main}`);
    const external = [...bare].filter((s) => !s.startsWith('node:') && s !== 'electron');
    for (const specifier of external) {
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      expect(files.has(`/node_modules/${name}/package.json`), `node_modules/${name} (imported by the main bundle)`).toBe(true);
    }
  });

  it('the SRT addon is unpacked with the libsrt it links, and RUNPATH $ORIGIN', () => {
    const dir = path.join(resources, ADDON_DIR);
    const addon = path.join(dir, 'srt.node');
    expect(existsSync(addon)).toBe(true);
    const libs = readdirSync(dir).filter((f) => /^libsrt.*\.so/.test(f));
    expect(libs).toHaveLength(1);
    // The copy carries the name the addon asks the loader for.
    const dynamic = execFileSync('readelf', ['-d', addon], { encoding: 'utf8' });
    expect(dynamic).toMatch(/\((?:RUNPATH|RPATH)\)\s+Library r(?:un)?path: \[[^\]]*\$ORIGIN[^\]]*\]/);
    expect(dynamic).toContain(`Shared library: [${libs[0]}]`);
  });

  it('the unpacked addon loads in plain Node, and takes libsrt from beside itself', () => {
    const addon = path.join(resources, ADDON_DIR, 'srt.node');
    const script = [
      'const m = { exports: {} };',
      `process.dlopen(m, ${JSON.stringify(addon)});`,
      "const maps = require('fs').readFileSync('/proc/self/maps', 'utf8').split('\\n');",
      "const srt = [...new Set(maps.filter((l) => l.includes('libsrt')).map((l) => l.split(/\\s+/).pop()))];",
      'console.log(JSON.stringify({ exports: Object.keys(m.exports), srt }));',
    ].join('\n');
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const loaded = JSON.parse(result.stdout) as { exports: string[]; srt: string[] };
    expect(loaded.exports.length).toBeGreaterThan(0);
    expect(loaded.srt.map((f) => path.dirname(f))).toEqual([realpathSync(path.join(resources, ADDON_DIR))]);
  });

  it('resources/ travels beside the asar, with the build feed for the updater', () => {
    expect(existsSync(path.join(resources, 'resources', 'mime.types'))).toBe(true);
    expect(existsSync(path.join(resources, 'resources', 'icons', '256x256.png'))).toBe(true);
    const config = parseYaml(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as { publish: { provider: string; url: string } };
    const appUpdate = parseYaml(readFileSync(path.join(resources, 'app-update.yml'), 'utf8')) as Record<string, string>;
    expect(appUpdate).toMatchObject({ provider: 'generic', url: config.publish.url, updaterCacheDirName: 'streaming-appliance-updater' });
    // The stand-in Electron executable, renamed to the app's.
    expect(existsSync(path.join(out, 'linux-unpacked', 'streaming-appliance'))).toBe(true);
  });

  it('the deb depends on ffmpeg and on the Debian package that ships this libsrt', () => {
    const config = parseYaml(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as { deb: { depends: string[] } };
    const depends = config.deb.depends.flatMap((d) => d.split('|').map((alt) => alt.trim()));
    expect(depends).toContain('ffmpeg');
    const ldd = execFileSync('ldd', [path.join(repoRoot, 'main/core/srt/native/build/Release/srt.node')], { encoding: 'utf8' });
    const lib = /^\s*libsrt\S*\s+=>\s+(\S+)/m.exec(ldd)?.[1];
    expect(lib).toBeTruthy();
    const owner = spawnSync('dpkg', ['-S', realpathSync(lib!)], { encoding: 'utf8' });
    if (owner.error) return; // not a Debian system: the package name cannot be checked here
    const pkg = owner.stdout.split(':')[0]!;
    expect(depends).toContain(pkg);
  });
});
