// host.auto without asking an outside service: the machine's own LAN addresses stand in for its public names.
import os from 'node:os';

/** Non-internal IPv4 addresses first, then global IPv6 ones; never blocks, never goes to the network. */
export function localHostAddresses(interfaces = os.networkInterfaces()): string[] {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      if (entry.family === 'IPv4') v4.push(entry.address);
      else if (!entry.address.toLowerCase().startsWith('fe80')) v6.push(entry.address);
    }
  }
  return [...new Set([...v4, ...v6])];
}

/** The config as the engine runs it: with host.auto and no host.name, the detected addresses are the names. */
export function withDetectedHosts<T extends { host: { auto: boolean; name: string[] } }>(config: T, detect = localHostAddresses): T {
  if (!config.host.auto || config.host.name.length > 0) return config;
  return { ...config, host: { ...config.host, name: detect() } };
}
