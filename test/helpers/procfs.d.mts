// Types of procfs.mjs for the TypeScript tests.
export function rssBytes(pid: number): number;
export function fdTargets(pid: number): string[];
export function fdCount(pid: number): number;
export function childPids(pid: number): number[];
