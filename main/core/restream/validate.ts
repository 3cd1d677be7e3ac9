// Core's last check before a process can exist: ids present and unique per list, every address acceptable.
import { validateInputAddress, validateOutputAddress, type AddressRules } from './address.js';
import { ProcessConfigError } from './errors.js';
import type { StoredProcessConfig, StoredProcessConfigIO } from './types.js';

function checkIds(kind: 'input' | 'output', list: StoredProcessConfigIO[], processId: string): void {
  const seen = new Set<string>();
  for (const io of list) {
    const id = io.id.trim();
    if (id.length === 0) throw new ProcessConfigError(`empty ${kind} IDs are not allowed (process '${processId}')`);
    if (seen.has(id)) {
      throw new ProcessConfigError(`the ${kind} ID '${id}' is already in use for the process \`${processId}\``);
    }
    seen.add(id);
  }
}

/**
 * Validates a placeholder- and reference-resolved config (Core's validateConfig), with Core's messages.
 * Like Core it does not rewrite the config: the command keeps `-` and plain paths; the rewritten forms
 * (`pipe:`, `file:/abs`) only decide acceptance. Returns whether the process writes files into the disk dir.
 */
export function validateProcessConfig(config: StoredProcessConfig, rules: AddressRules): { usesDisk: boolean } {
  const id = config.id;
  if (config.input.length === 0) throw new ProcessConfigError(`at least one input must be defined for the process '${id}'`);
  checkIds('input', config.input, id);
  for (const io of config.input) {
    const address = io.address.trim();
    const ioId = io.id.trim();
    if (address.length === 0) throw new ProcessConfigError(`the address for input '#${id}:${ioId}' must not be empty`);
    const checked = validateInputAddress(address, rules);
    if (checked.error !== undefined) {
      throw new ProcessConfigError(`the address for input '#${id}:${ioId}' (${checked.address}) is invalid: ${checked.error}`);
    }
  }

  if (config.output.length === 0) throw new ProcessConfigError(`at least one output must be defined for the process '#${id}'`);
  checkIds('output', config.output, id);
  let usesDisk = false;
  for (const io of config.output) {
    const address = io.address.trim();
    const ioId = io.id.trim();
    if (address.length === 0) throw new ProcessConfigError(`the address for output '#${id}:${ioId}' must not be empty`);
    const checked = validateOutputAddress(address, rules);
    if (checked.error !== undefined) {
      throw new ProcessConfigError(`the address for output '#${id}:${ioId}' is invalid: ${checked.error}`);
    }
    usesDisk ||= checked.isFile;
  }
  return { usesDisk };
}
