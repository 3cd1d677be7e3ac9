// electron-builder afterPack hook (electron-builder.yml `afterPack`): on Linux, puts the libsrt the SRT addon links next
// to the addon unpacked from the asar. The addon is built with RUNPATH $ORIGIN (scripts/build-srt.mjs), so the AppImage
// works on systems without libsrt; the deb also declares libsrt as a dependency.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

const ADDON = 'app.asar.unpacked/main/core/srt/native/build/Release/srt.node';

/** The libsrt line of `ldd <addon>`: the name the loader looks for and the file it resolves to now. */
function resolveLibsrt(addon) {
  const out = execFileSync('ldd', [addon], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => /^\s*libsrt[^\s]*\.so/.test(l));
  if (!line) throw new Error(`after-pack: ${addon} does not link libsrt (ldd:\n${out})`);
  const match = /^\s*(\S+)\s+=>\s+(\S+)/.exec(line);
  if (!match || match[2] === 'not') throw new Error(`after-pack: libsrt is not installed on this machine (${line.trim()}); apt-get install libsrt1.5-openssl`);
  return { soname: match[1], file: realpathSync(match[2]) };
}

/** RUNPATH/RPATH of an ELF file, or null when readelf is not installed. */
function runpath(file) {
  try {
    const out = execFileSync('readelf', ['-d', file], { encoding: 'utf8' });
    return /\((?:RUNPATH|RPATH)\)\s+Library r(?:un)?path: \[([^\]]*)\]/.exec(out)?.[1] ?? '';
  } catch {
    return null;
  }
}

export default async function afterPack(context) {
  if (context.electronPlatformName !== 'linux') return;
  const addon = path.join(context.packager.getResourcesDir(context.appOutDir), ADDON);
  if (!existsSync(addon)) {
    console.warn(`after-pack: no SRT addon at ${addon} (npm run build:srt); the app will run without SRT`);
    return;
  }
  const rpath = runpath(addon);
  if (rpath !== null && !rpath.split(':').includes('$ORIGIN')) {
    throw new Error(`after-pack: ${addon} has no $ORIGIN RUNPATH (has "${rpath}"); rebuild it with npm run build:srt`);
  }
  const lib = resolveLibsrt(addon);
  const target = path.join(path.dirname(addon), lib.soname);
  // ldd resolves to an earlier copy when one is already there: never copy a file onto itself.
  if (existsSync(target) && realpathSync(target) === lib.file) return;
  copyFileSync(lib.file, target);
  chmodSync(target, 0o644);
  console.log(`  • after-pack: copied ${lib.file} to ${path.relative(context.appOutDir, target)}`);
}
