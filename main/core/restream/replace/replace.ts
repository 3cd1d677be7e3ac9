// Core's placeholder engine (restream/replace): `{name^c,key=value,...}` expanded from values or templates.
import { matchGlob, type GlobMatcher } from '../../glob/glob.js';
import { queryUnescape } from './unescape.js';

/** Where a placeholder is expanded; templates such as `srt` differ between inputs and outputs. */
export type Section = 'global' | 'input' | 'output' | '';

/** A registered template: its text may depend on the section and may contain `{key}` filled from parameters. */
export interface Template {
  fn: (section: Section) => string;
  defaults?: Readonly<Record<string, string>>;
}

export type Templates = ReadonlyMap<string, Template>;

/** `$name` references allowed in parameter values (`$processid`, `$reference`, `$inputid`, `$outputid`). */
export type Vars = Readonly<Record<string, string>>;

export function staticTemplate(text: string, defaults?: Record<string, string>): Template {
  return defaults ? { fn: () => text, defaults } : { fn: () => text };
}

// name (lowercase, optionally `:suffix`), optional `^c` escape character, optional `,params`.
// `[^\n]` mirrors Go's `.`, which excludes only newlines.
const PLACEHOLDER = /\{([a-z]+(?::[0-9A-Za-z]+)?)(?:\^([^\n]))?(?:,([^\n]*?))?\}/gu;
const TEMPLATE_KEY = /\{([a-z:]+)\}/gu;

/** Longest names first, so `$processid` is never cut short by a shorter var that prefixes it. */
function substituteVars(value: string, vars: Vars | undefined): string {
  if (!vars) return value;
  const names = Object.keys(vars).sort((a, b) => b.length - a.length);
  for (const name of names) value = value.replaceAll('$' + name, vars[name]);
  return value;
}

/**
 * Fills `{key}` in `template` from `params` (`k=v,k2=v2`, each side URL-query-unescaped, malformed pairs
 * skipped), `$var`s substituted inside values, falling back to `defaults`. Unknown keys stay as they are.
 */
export function compileTemplate(
  template: string,
  params: string,
  vars?: Vars | null,
  defaults?: Readonly<Record<string, string>> | null,
): string {
  if (params.length === 0 && (!defaults || Object.keys(defaults).length === 0)) return template;
  const values = new Map<string, string>(Object.entries(defaults ?? {}));
  for (const pair of params.split(',')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const key = queryUnescape(eq < 0 ? pair : pair.slice(0, eq));
    const value = queryUnescape(eq < 0 ? '' : pair.slice(eq + 1));
    if (key === null || value === null) continue;
    values.set(key, substituteVars(value, vars ?? undefined));
  }
  return template.replace(TEMPLATE_KEY, (match, key: string) => values.get(key) ?? match);
}

/**
 * `{name^c}`: the value's backslashes become three, then every `c` gets two backslashes in front (one level for
 * the tee/filter option parser, one for the option value), e.g. `{memfs^:}` inside tee muxer options.
 */
function escapeValue(value: string, c: string): string {
  if (c !== '\\') value = value.replaceAll('\\', '\\\\\\');
  return value.replaceAll(c, '\\\\' + c);
}

export interface ReplaceOptions {
  templates?: Templates;
  vars?: Vars | null;
  section?: Section;
  glob?: GlobMatcher;
}

/**
 * Replaces every placeholder whose name matches `placeholder` (a glob with `:` as separator, e.g. `fs:*`).
 * A non-empty `value` wins; an empty one uses the template registered under the placeholder's own name
 * (or expands to "" when there is none). Placeholders with other names are kept verbatim.
 */
export function replace(str: string, placeholder: string, value: string, options: ReplaceOptions = {}): string {
  const matches = (options.glob ?? matchGlob)(placeholder, ':');
  return str.replace(PLACEHOLDER, (match, name: string, escape: string | undefined, params: string | undefined) => {
    if (!matches(name)) return match;
    const template = value.length === 0 ? options.templates?.get(name) : undefined;
    let v = template ? template.fn(options.section ?? '') : value;
    v = compileTemplate(v, params ?? '', options.vars, template?.defaults);
    return escape ? escapeValue(v, escape) : v;
  });
}
