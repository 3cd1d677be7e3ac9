// Runs FFmpeg's listings and the platform's device discovery and assembles api.Skills (GET /api/v3/skills).
import { parseDevices, type HardwareByDevice } from './devices.js';
import { gatherLinuxDevices } from './devicesLinux.js';
import { gatherMacosDevices } from './devicesMacos.js';
import { gatherWindowsDevices } from './devicesWindows.js';
import {
  createExecRunner,
  type DeviceGatherContext,
  type DeviceRoots,
  type Runner,
  type RunResult,
} from './gatherRunner.js';
import { parseSkills, type SkillsTexts } from './skills.js';
import type { Skills } from './types.js';

export type { Runner, RunResult } from './gatherRunner.js';

export interface GatherSkillsOptions {
  /** per child process; default 10 s */
  timeoutMs?: number;
  /** Linux device trees (default /proc, /sys, /dev) */
  roots?: Partial<DeviceRoots>;
  platform?: NodeJS.Platform;
  run?: Runner;
  /** PATH for the children and for finding v4l2-ctl/fbset; default process.env */
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_SKILLS_TIMEOUT_MS = 10_000;

/** The one place a platform's device discovery is chosen; ids are the device demuxers they fill. */
const DEVICE_GATHERERS: Partial<Record<NodeJS.Platform, (ctx: DeviceGatherContext) => Promise<HardwareByDevice>>> = {
  linux: gatherLinuxDevices,
  darwin: gatherMacosDevices,
  win32: gatherWindowsDevices,
};

// -version is checked on its own; these only ever yield (possibly empty) lists, as in Core.
const LISTINGS = ['filters', 'hwaccels', 'codecs', 'formats', 'devices', 'protocols'] as const;
type Listing = (typeof LISTINGS)[number];

/**
 * Rejects when the binary cannot run, fails `-version` or prints no FFmpeg version; any other failure only
 * leaves its lists empty, as in Core.
 */
export async function gatherSkills(binary: string, opts: GatherSkillsOptions = {}): Promise<Skills> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SKILLS_TIMEOUT_MS;
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const run = opts.run ?? createExecRunner({ env, platform });
  const ctx: DeviceGatherContext = {
    binary,
    run,
    timeoutMs,
    platform,
    env,
    roots: { proc: opts.roots?.proc ?? '/proc', sys: opts.roots?.sys ?? '/sys', dev: opts.roots?.dev ?? '/dev' },
  };

  const gatherDevices = DEVICE_GATHERERS[platform];
  // Everything runs at once, but every child is awaited before returning or throwing, so none outlives the call.
  const [version, listings, hardware] = await Promise.all([
    run(binary, ['-hide_banner', '-version'], timeoutMs).then(
      (result) => ({ result }),
      (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
    ),
    Promise.all(LISTINGS.map((listing) => runListing(run, binary, listing, timeoutMs))),
    gatherDevices ? gatherDevices(ctx).catch((): HardwareByDevice => ({})) : Promise.resolve<HardwareByDevice>({}),
  ]);

  const versionText = checkVersion(binary, version, timeoutMs);
  const texts: SkillsTexts = { version: versionText };
  LISTINGS.forEach((listing, index) => {
    texts[listing] = listings[index];
  });
  const skills = parseSkills(texts);
  if (!skills.ffmpeg.version) {
    throw new Error(`ffmpeg binary '${binary}' printed no FFmpeg version for -version: ${excerpt(versionText)}`);
  }
  // parseSkills knows the device texts of Linux and macOS only; the gatherers hand over parsed devices for all.
  skills.devices = parseDevices(texts.devices ?? '', hardware);
  return skills;
}

/** Core feeds the parsers the combined output whatever the exit code; a child that cannot run yields nothing. */
async function runListing(run: Runner, binary: string, listing: Listing, timeoutMs: number): Promise<string> {
  try {
    const { stdout, stderr } = await run(binary, ['-hide_banner', `-${listing}`], timeoutMs);
    return stderr ? `${stdout}\n${stderr}` : stdout;
  } catch {
    return '';
  }
}

function checkVersion(binary: string, outcome: { result: RunResult } | { error: Error }, timeoutMs: number): string {
  if ('error' in outcome) throw new Error(`ffmpeg binary '${binary}' could not be run: ${outcome.error.message}`);
  const { code, stdout, stderr, timedOut } = outcome.result;
  const output = `${stdout}${stdout && stderr ? '\n' : ''}${stderr}`;
  if (timedOut) throw new Error(`ffmpeg binary '${binary}' did not answer -version within ${timeoutMs} ms`);
  if (code !== 0) {
    const status = code === null ? 'was killed by a signal' : `exited with code ${code}`;
    throw new Error(`ffmpeg binary '${binary}' failed: -version ${status}: ${excerpt(output)}`);
  }
  return output;
}

function excerpt(output: string): string {
  const text = output.trim();
  if (!text) return '(no output)';
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
