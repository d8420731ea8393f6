import { err, ok, type Result } from '@outflow/core-domain';

/** A parsed `wildcard` value: the literal text between unescaped `*` characters. */
export interface Wildcard {
  readonly source: string;
  readonly segments: readonly string[];
}

/**
 * Parses a wildcard as event-ruler does (WildcardParser.java): `*` matches any run of characters,
 * `\*` and `\\` are a literal star and backslash, any other escape and `**` are errors.
 */
export const parseWildcard = (source: string): Result<Wildcard, string> => {
  const segments = [''];
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '*') {
      if (source[i + 1] === '*')
        return err(
          `"wildcard" has consecutive "*" at position ${i}; one "*" already matches any run of characters`,
        );
      segments.push('');
    } else if (char === '\\') {
      const next = source[i + 1];
      if (next !== '*' && next !== '\\')
        return err(`"wildcard" has an invalid escape at position ${i}: only \\* and \\\\ may be escaped`);
      segments[segments.length - 1] += next;
      i++;
    } else {
      segments[segments.length - 1] += char;
    }
  }
  return ok({ source, segments });
};

/** Whether `value` matches the wildcard as a whole (not a substring search). */
export const matchesWildcard = ({ segments }: Wildcard, value: string): boolean => {
  const first = segments[0];
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1];
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last))
    return false;
  const end = value.length - last.length;
  let position = first.length;
  // Leftmost placement of each middle segment is optimal for a pattern whose only operator is `*`.
  for (const segment of segments.slice(1, -1)) {
    const at = value.indexOf(segment, position);
    if (at < 0 || at + segment.length > end) return false;
    position = at + segment.length;
  }
  return true;
};

const STAR = -1;
const OTHER = -2;
const MAX_EXPLORED_STATES = 5_000;

const tokensOf = ({ segments }: Wildcard): number[] =>
  segments.flatMap((segment, index) => [
    ...(index === 0 ? [] : [STAR]),
    ...[...segment].map((c) => c.codePointAt(0) as number),
  ]);

const close = (tokens: number[], positions: Set<number>): number[] => {
  for (const k of positions) if (tokens[k] === STAR) positions.add(k + 1);
  return [...positions].sort((a, b) => a - b);
};

const step = (tokens: number[], positions: number[], char: number): number[] => {
  const next = new Set<number>();
  for (const k of positions) {
    if (k > 0 && tokens[k - 1] === STAR) next.add(k);
    if (tokens[k] === char) next.add(k + 1);
  }
  return close(tokens, next);
};

/**
 * event-ruler's MachineComplexityEvaluator measure: the most wildcard-pattern prefixes one input
 * value can match at once, summed over the patterns of one field. AWS rejects patterns above a
 * service limit ("Rule is too complex"); we explore the prefix automaton until `limit` is passed.
 */
export const wildcardComplexity = (wildcards: readonly Wildcard[], limit: number): number => {
  const patterns = wildcards.map(tokensOf);
  const alphabet = [...new Set(patterns.flat().filter((t) => t !== STAR)), OTHER];
  const start = patterns.map((tokens) => close(tokens, new Set([0])));
  const seen = new Set([JSON.stringify(start)]);
  const pending = [start];
  let worst = 0;
  while (pending.length > 0 && seen.size < MAX_EXPLORED_STATES) {
    const state = pending.pop() as number[][];
    for (const char of alphabet) {
      const next = state.map((positions, i) => step(patterns[i], positions, char));
      const matchedPrefixes = next.reduce((sum, positions) => sum + positions.filter((k) => k > 0).length, 0);
      worst = Math.max(worst, matchedPrefixes);
      if (worst > limit) return worst;
      const key = JSON.stringify(next);
      if (!seen.has(key)) {
        seen.add(key);
        pending.push(next);
      }
    }
  }
  return worst;
};
