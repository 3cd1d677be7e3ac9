// Process chaining: an input address `#<processid>:output=<outputid>` stands for that output's resolved address.
import { ProcessConfigError } from './errors.js';
import type { StoredProcessConfig } from './types.js';

export interface OutputReference {
  processId: string;
  outputId: string;
}

// Greedy process id: ids may contain ':' (restreamer-ui:ingest:<uuid>), the last ":output=" separates them.
const REFERENCE = /^#(.+):output=(.+)/su;

/** Returns the referenced process and output, or null when the address is not a well-formed reference. */
export function parseReference(address: string): OutputReference | null {
  const m = REFERENCE.exec(address);
  return m ? { processId: m[1], outputId: m[2] } : null;
}

/** Looks up the placeholder-resolved config of another process by id. */
export type ResolvedConfigLookup = (processId: string) => StoredProcessConfig | undefined;

/** Core's resolveAddress: plain addresses pass, references become the referenced output's address. */
export function resolveAddress(selfId: string, address: string, lookup: ResolvedConfigLookup): string {
  if (address.length === 0) throw new Error('empty address');
  if (!address.startsWith('#')) return address;
  const ref = parseReference(address);
  if (!ref) throw new Error(`invalid format (${address})`);
  if (ref.processId === selfId) throw new Error(`self-reference not possible (${address})`);
  const target = lookup(ref.processId);
  if (!target) throw new Error(`unknown process '${ref.processId}' (${address})`);
  const output = target.output.find((o) => o.id === ref.outputId);
  if (!output) {
    throw new Error(`the process '${ref.processId}' has no outputs with the ID '${ref.outputId}' (${address})`);
  }
  return output.address;
}

/** Returns a copy of `config` whose input references are replaced; errors name the input, as Core's do. */
export function resolveAddresses(config: StoredProcessConfig, lookup: ResolvedConfigLookup): StoredProcessConfig {
  const input = config.input.map((io) => {
    try {
      return { ...io, address: resolveAddress(config.id, io.address, lookup) };
    } catch (err) {
      throw new ProcessConfigError(`reference error for '#${config.id}:${io.id}': ${(err as Error).message}`);
    }
  });
  return { ...config, input };
}
