// Reads `ffmpeg -version`: release number, compiler, configure flags and the av* library versions.
import { splitLines } from '../logline.js';
import type { SkillsFFmpeg, SkillsLibrary } from './types.js';

// Releases print "5.1.9-0+deb12u1", "4.4", "n7.0.1" or "ffmpeg-4.4.1"; git builds print "N-113584-g…".
const RE_VERSION = /^ffmpeg version (?:ffmpeg-|n)?(\d+\.\d+)(\.\d+)?/m;
const RE_COMPILER = /^\s*built with (.*)$/m;
const RE_CONFIGURATION = /^\s*configuration: (.*)$/m;
const RE_LIBRARY = /^\s*(lib[a-z]+)\s+(\d+\.\s*\d+\.\s*\d+) \/\s+(\d+\.\s*\d+\.\s*\d+)/;

// libavutil version each FFmpeg release started with; a git build is dated by the last release before it.
const RELEASES: ReadonlyArray<readonly [major: number, minor: number, release: string]> = [
  [56, 14, '4.0'],
  [56, 22, '4.1'],
  [56, 31, '4.2'],
  [56, 51, '4.3'],
  [56, 70, '4.4'],
  [57, 17, '5.0'],
  [57, 28, '5.1'],
  [58, 2, '6.0'],
  [58, 29, '6.1'],
  [59, 8, '7.0'],
  [59, 39, '7.1'],
  [60, 0, '8.0'],
];

export function parseVersion(text: string): SkillsFFmpeg {
  const normalized = text.replace(/\r\n?/g, '\n');
  const libraries: SkillsLibrary[] = [];
  for (const line of splitLines(normalized)) {
    const match = RE_LIBRARY.exec(line);
    if (match) libraries.push({ name: match[1]!, compiled: match[2]!, linked: match[3]! });
  }

  const release = RE_VERSION.exec(normalized);
  const version = release ? `${release[1]}${release[2] ?? '.0'}` : versionFromLibavutil(libraries);

  return {
    version,
    compiler: RE_COMPILER.exec(normalized)?.[1] ?? '',
    configuration: RE_CONFIGURATION.exec(normalized)?.[1] ?? '',
    libraries,
  };
}

/** "" when the build is older than the table or has no libavutil line. */
function versionFromLibavutil(libraries: readonly SkillsLibrary[]): string {
  const libavutil = libraries.find((library) => library.name === 'libavutil');
  const match = libavutil ? /^(\d+)\.\s*(\d+)/.exec(libavutil.linked) : null;
  if (!match) return '';
  const [major, minor] = [Number(match[1]), Number(match[2])];
  let found = '';
  for (const [releaseMajor, releaseMinor, release] of RELEASES) {
    if (releaseMajor < major || (releaseMajor === major && releaseMinor <= minor)) found = release;
  }
  return found ? `${found}.0` : '';
}
