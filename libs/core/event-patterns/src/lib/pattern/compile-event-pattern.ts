import { err, ok, type Result } from '@outflow/core-domain';
import { InvalidEventPatternError } from '../errors';
import { type FlattenedEvent, flattenEvent } from './flatten-event';
import { matchesBranch } from './match-branch';
import { parsePattern } from './parse-pattern';
import type { PatternBranch } from './pattern.types';

/** A validated event pattern, ready to match any number of events. */
export interface CompiledEventPattern {
  /** The `$or`-expanded alternatives; the pattern matches when one of them does. */
  readonly branches: readonly PatternBranch[];
  /** Whether the event (a parsed JSON object) matches. */
  matches(event: unknown): boolean;
  /** Same, for an event already flattened with `flattenEvent` (flatten once, match many rules). */
  matchesFlattened(event: FlattenedEvent): boolean;
}

/**
 * Validates an EventBridge event pattern (the parsed JSON object) and compiles it for matching.
 *
 * @throws InvalidEventPatternError naming the field path and the rule broken.
 * @example
 * const rule = compileEventPattern({ detail: { status: [{ 'anything-but': 'draft' }] } });
 * rule.matches({ detail: { status: 'paid' } }); // true
 */
export const compileEventPattern = (pattern: unknown): CompiledEventPattern => {
  const branches = parsePattern(pattern);
  const matchesFlattened = (event: FlattenedEvent) => branches.some((branch) => matchesBranch(branch, event));
  return { branches, matchesFlattened, matches: (event) => matchesFlattened(flattenEvent(event)) };
};

/** Validation as a value: the compiled pattern, or the InvalidEventPatternError that explains the rejection. */
export const validateEventPattern = (
  pattern: unknown,
): Result<CompiledEventPattern, InvalidEventPatternError> => {
  try {
    return ok(compileEventPattern(pattern));
  } catch (error) {
    if (error instanceof InvalidEventPatternError) return err(error);
    throw error;
  }
};
