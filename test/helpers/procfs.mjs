// What a process holds, read from Linux /proc: resident memory, open file descriptors, child processes.
// Plain ESM so the benches (plain Node) and the vitest suites share one implementation.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** VmRSS of `pid` in bytes (what `ps` and `top` call RSS). */
export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** What each open descriptor of `pid` points at ("socket:[123]", "pipe:[45]", a path); its length is the fd count. */
export function fdTargets(pid) {
  const targets = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      targets.push(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed while we looked
    }
  }
  return targets;
}

export function fdCount(pid) {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Parent pid of one process, or null when it is gone. */
function parentOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name may contain spaces and parentheses: the fields start after the last ')'.
    return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Every process whose parent is `pid`, zombies included (an unreaped child is a leak too). */
export function childPids(pid) {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((candidate) => parentOf(candidate) === pid);
}
