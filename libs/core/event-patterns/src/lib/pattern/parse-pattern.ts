import { isRecord } from '@outflow/core-domain';
import { OPERATORS } from './parse-operator';
import { parseValueList } from './parse-values';
import type { FieldCondition, PatternBranch, ValueMatcher } from './pattern.types';
import { reject, shown } from './reject';
import { type Wildcard, wildcardComplexity } from './wildcard';

/** The branch being built: field path → condition (a later key for the same path wins, as on AWS). */
type Draft = ReadonlyMap<string, FieldCondition>;

/** AWS accepted complexity 7 (LocalStack AWS-validated) and 8 (public configs); it rejected 11. */
const MAX_WILDCARD_COMPLEXITY = 8;

const OR = '$or';

/** Names event-ruler reserves inside `$or` (Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP). */
const RESERVED_IN_OR = new Set([
  ...OPERATORS,
  'exactly',
  ...['=', '<', '<=', '>', '>='],
  ...['regex', 'not-wildcard', 'not-equals-ignore-case'],
  ...['date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range'],
  ...['ip-address-in-range', 'ip-address-not-in-range'],
]);

const parseObject = (
  object: Record<string, unknown>,
  path: string,
  drafts: Draft[],
  inOr: boolean,
): Draft[] => {
  const entries = Object.entries(object);
  if (entries.length === 0) reject(path, 'empty objects are not allowed');
  return entries.reduce((current, [key, value]) => {
    if (key === OR) return parseOr(value, path, current);
    const field = path === '' ? key : `${path}.${key}`;
    if (inOr && RESERVED_IN_OR.has(key))
      reject(field, `"${key}" is a reserved operator name and cannot be a field name inside "$or"`);
    if (isRecord(value)) return parseObject(value, field, current, inOr);
    if (!Array.isArray(value)) {
      return reject(
        field,
        `must be an array of values to match (e.g. [${shown(value)}]) or an object, got ${shown(value)}`,
      );
    }
    const condition = parseValueList(field, value);
    return current.map((draft) => new Map(draft).set(field, condition));
  }, drafts);
};

/** `"$or": [{…}, {…}]` forks every branch so far into one branch per alternative. */
const parseOr = (alternatives: unknown, path: string, drafts: Draft[]): Draft[] => {
  const where = path === '' ? OR : `${path}.${OR}`;
  if (!Array.isArray(alternatives) || alternatives.length < 2 || !alternatives.every(isRecord)) {
    return reject(where, `expects an array of at least 2 objects, got ${shown(alternatives)}`);
  }
  return alternatives.flatMap((alternative) => parseObject(alternative, path, drafts, true));
};

const wildcardsOf = (matcher: ValueMatcher): Wildcard[] => {
  if (matcher.kind === 'wildcard') return [matcher.wildcard];
  return matcher.kind === 'anything-but' ? matcher.excluded.flatMap(wildcardsOf) : [];
};

/** AWS rejects wildcard sets a worst-case value could drive into too many states at once. */
const checkWildcardComplexity = (branches: readonly PatternBranch[]): void => {
  const byField = new Map<string, Map<string, Wildcard>>();
  for (const condition of branches.flat()) {
    for (const wildcard of condition.matchers.flatMap(wildcardsOf)) {
      const field = byField.get(condition.path) ?? new Map<string, Wildcard>();
      byField.set(condition.path, field.set(wildcard.source, wildcard));
    }
  }
  for (const [path, wildcards] of byField) {
    if (wildcardComplexity([...wildcards.values()], MAX_WILDCARD_COMPLEXITY) > MAX_WILDCARD_COMPLEXITY) {
      reject(
        path,
        `"wildcard" is too complex for EventBridge (one value could match more than ${MAX_WILDCARD_COMPLEXITY} wildcard prefixes at once): ` +
          'use fewer "*" or fewer repeated characters after a "*"',
      );
    }
  }
};

const byPath = (a: FieldCondition, b: FieldCondition) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * Validates an event pattern and expands it into branches (one per `$or` alternative), each a
 * list of field conditions sorted by path. Throws InvalidEventPatternError naming path and rule.
 */
export const parsePattern = (pattern: unknown): PatternBranch[] => {
  if (!isRecord(pattern)) return reject('', `must be a JSON object, got ${shown(pattern)}`);
  const branches = parseObject(pattern, '', [new Map()], false).map((draft) =>
    [...draft.values()].sort(byPath),
  );
  checkWildcardComplexity(branches);
  return branches;
};
