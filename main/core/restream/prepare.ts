// From a stored config to a runnable process definition, in Core's createTask order (without spawning anything).
import type { AddressRules } from './address.js';
import { createCommand } from './command.js';
import { ProcessConfigError } from './errors.js';
import { resolveAddresses, type ResolvedConfigLookup } from './reference.js';
import { resolvePlaceholders } from './replace/resolve.js';
import type { Templates } from './replace/replace.js';
import type { StoredProcessConfig } from './types.js';
import { validateProcessConfig } from './validate.js';

export interface PrepareContext {
  templates: Templates;
  rules: AddressRules;
  /** The resolved configs of the other processes, for `#<id>:output=<id>` inputs. */
  lookup: ResolvedConfigLookup;
}

export interface PreparedProcess {
  /** Placeholders and references resolved: what the process runs with (and what references to it see). */
  config: StoredProcessConfig;
  command: string[];
  usesDisk: boolean;
}

/** Throws ProcessConfigError with Core's message when the config cannot become a process. */
export function prepareProcess(stored: StoredProcessConfig, context: PrepareContext): PreparedProcess {
  if (stored.id.trim().length === 0) throw new ProcessConfigError('an empty ID is not allowed');
  const resolved = resolveAddresses(resolvePlaceholders(stored, context.templates), context.lookup);
  const { usesDisk } = validateProcessConfig(resolved, context.rules);
  return { config: resolved, command: createCommand(resolved), usesDisk };
}
