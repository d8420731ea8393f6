/**
 * `_source` filtering of search hits: `false`, a field or list of fields, or
 * `{ includes, excludes }`, with dotted paths and `*` wildcards.
 * Source: https://docs.opensearch.org/latest/search-plugins/searching-data/retrieve-specific-fields/.
 */
import type { Json } from './errors';

const toList = (value: unknown): string[] =>
  value === undefined ? [] : ([] as unknown[]).concat(value).map(String);

const pattern = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

/** Whether a path is kept: it (or a parent / child of it) matches an include, and it matches no exclude. */
function keep(
  path: string,
  includes: RegExp[],
  excludes: RegExp[],
  includeGlobs: string[],
): 'yes' | 'no' | 'descend' {
  if (excludes.some((re) => re.test(path))) return 'no';
  if (includes.length === 0 || includes.some((re) => re.test(path))) return 'yes';
  return includeGlobs.some((glob) => glob.startsWith(`${path}.`)) ? 'descend' : 'no';
}

function filterObject(
  source: Json,
  prefix: string,
  includes: RegExp[],
  excludes: RegExp[],
  globs: string[],
): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const decision = keep(path, includes, excludes, globs);
    if (decision === 'no') continue;
    const nested = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (decision === 'yes' && (!nested || excludes.length === 0)) out[key] = value;
    else if (nested)
      out[key] = filterObject(value as Json, path, decision === 'yes' ? [] : includes, excludes, globs);
  }
  return out;
}

/** The `_source` to return for a hit, or undefined when `_source: false`. */
export function filterSource(source: Json, spec: unknown): Json | undefined {
  if (spec === false || spec === 'false') return undefined;
  if (spec === undefined || spec === true || spec === 'true') return source;
  const object =
    spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Json) : { includes: spec };
  const globs = toList(object['includes'] ?? object['include']);
  const excludes = toList(object['excludes'] ?? object['exclude']).map(pattern);
  return filterObject(source, '', globs.map(pattern), excludes, globs);
}
