// What this build reports as its version: the Core API level it implements plus build facts.
declare const __BUILD_COMMIT__: string | undefined;
declare const __BUILD_BRANCH__: string | undefined;
declare const __BUILD_DATE__: string | undefined;

/** The datarhei Core API level this engine is wire-compatible with (clients gate on ^16.11). */
export const CORE_API_VERSION = '16.16.0';

export interface VersionInfo {
  number: string;
  repository_commit: string;
  repository_branch: string;
  build_date: string;
  arch: string;
  compiler: string;
}

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

export function versionInfo(): VersionInfo {
  return {
    number: CORE_API_VERSION,
    // Filled in by the esbuild bundle (scripts/build.mjs); plain tsx/vitest runs report "dev".
    repository_commit: typeof __BUILD_COMMIT__ === 'string' ? __BUILD_COMMIT__ : 'dev',
    repository_branch: typeof __BUILD_BRANCH__ === 'string' ? __BUILD_BRANCH__ : 'dev',
    build_date: typeof __BUILD_DATE__ === 'string' ? __BUILD_DATE__ : new Date(0).toISOString(),
    arch: `${process.platform}/${ARCH[process.arch] ?? process.arch}`,
    compiler: `node ${process.version}`,
  };
}
