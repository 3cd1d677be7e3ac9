// Expands the placeholders of a stored process config in Core's order and only where each one is allowed.
import { cloneStoredConfig } from '../convert.js';
import type { StoredProcessConfig } from '../types.js';
import { replace, type Section, type Templates, type Vars } from './replace.js';

// Placeholders expanded from the registered templates (an empty value selects the template), per location.
// Global options know only the filesystems on disk or mounted by name; io options miss rtmp/srt.
const GLOBAL_OPTIONS = ['diskfs', 'fs:*'];
const IO_OPTIONS = ['diskfs', 'memfs', 'fs:*'];
const ADDRESSES = [...IO_OPTIONS, 'rtmp', 'srt'];

function expandTemplates(str: string, names: string[], templates: Templates, vars: Vars, section: Section): string {
  for (const name of names) str = replace(str, name, '', { templates, vars, section });
  return str;
}

/** `{processid}`, `{reference}` and the io's own id, replaced by value (never templates). */
function expandIds(str: string, ids: [string, string][], section: Section): string {
  for (const [name, value] of ids) str = replace(str, name, value, { section });
  return str;
}

/**
 * Returns a copy of `config` with placeholders resolved (Core's resolvePlaceholders):
 * io ids first ({processid}, {reference}), then addresses ({inputid}/{outputid}, {processid}, {reference},
 * {diskfs}, {memfs}, {fs:*}, {rtmp}, {srt}), io options (the same minus rtmp/srt), global options ({diskfs},
 * {fs:*} only) and output cleanup patterns ({outputid}, {processid}, {reference} only). Template parameters may
 * use $processid, $reference and the resolved $inputid/$outputid.
 */
export function resolvePlaceholders(config: StoredProcessConfig, templates: Templates): StoredProcessConfig {
  const out = cloneStoredConfig(config);
  const base: [string, string][] = [
    ['processid', config.id],
    ['reference', config.reference],
  ];
  const vars: Record<string, string> = { processid: config.id, reference: config.reference };

  out.options = out.options.map((o) => expandTemplates(o, GLOBAL_OPTIONS, templates, vars, 'global'));

  for (const [kind, list] of [
    ['input', out.input],
    ['output', out.output],
  ] as const) {
    const section: Section = kind;
    for (const io of list) {
      io.id = expandIds(io.id, base, section);
      const ids: [string, string][] = [[`${kind}id`, io.id], ...base];
      const ioVars = { ...vars, [`${kind}id`]: io.id };
      io.address = expandTemplates(expandIds(io.address, ids, section), ADDRESSES, templates, ioVars, section);
      io.options = io.options.map((o) => expandTemplates(expandIds(o, ids, section), IO_OPTIONS, templates, ioVars, section));
      if (kind === 'output') {
        for (const rule of io.cleanup) rule.pattern = expandIds(rule.pattern, ids, section);
      }
    }
  }
  return out;
}
