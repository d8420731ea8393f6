import type { ValidationIssue } from './errors';
import { isExactNumberText, stringifyExactJson } from './exact-json';

/**
 * The one home of the small checks every parser of unknown input uses (outbox events, order
 * drafts and references, stream records, event patterns, HTTP results). A `check…` function never
 * throws: it appends a {@link ValidationIssue} naming the field, so a parser reports every bad
 * field at once.
 */

/**
 * A plain object (not `null`, not an array, not a number kept exactly by `parseExactJson`):
 * something whose fields can be read by name.
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !isExactNumberText(value);

/**
 * An integer ≥ 1 that a JavaScript number holds exactly (versions, counts, prices in cents).
 *
 * @internal Exported for its unit test; production code checks through the `check…` helpers below.
 */
export const isPositiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;

/** A value as an issue message shows it: `nothing`, `null`, `an array`, or its exact JSON. */
export const describeValue = (value: unknown): string =>
  value === undefined
    ? 'nothing'
    : value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : (stringifyExactJson(value) ?? String(value));

/** Options of {@link checkString}. */
export interface StringCheck {
  /** Longest accepted length, in UTF-16 code units. */
  readonly max?: number;
  /** A pattern the whole value must match; `patternHint` says what it means. */
  readonly pattern?: RegExp;
  readonly patternHint?: string;
  /** `undefined` is accepted (the field is optional). @default false */
  readonly optional?: boolean;
}

/**
 * Checks a non-empty string (blank strings count as empty) of at most `max` characters matching
 * `pattern`; issue messages: `expected a non-empty string, got …`, `must be at most N characters, got M`.
 */
export function checkString(
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  check: StringCheck = {},
): void {
  if (value === undefined && check.optional) return;
  if (typeof value !== 'string' || value.trim().length === 0) {
    issues.push({ path, message: `expected a non-empty string, got ${describeValue(value)}` });
  } else if (check.max !== undefined && value.length > check.max) {
    issues.push({ path, message: `must be at most ${check.max} characters, got ${value.length}` });
  } else if (check.pattern && !check.pattern.test(value)) {
    issues.push({
      path,
      message: `${check.patternHint ?? `must match ${check.pattern}`}, got ${describeValue(value)}`,
    });
  }
}

/** Checks an integer ≥ 1 ({@link isPositiveInteger}); `what` names it in the message. */
export function checkPositiveInteger(
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  what = 'an integer ≥ 1',
): void {
  if (isPositiveInteger(value)) return;
  const tooLarge =
    isExactNumberText(value) || typeof value === 'bigint' || (typeof value === 'number' && value > 0);
  issues.push({
    path,
    message:
      tooLarge && /^\d+$/.test(String(value))
        ? `expected ${what} of at most ${Number.MAX_SAFE_INTEGER} (a JavaScript number holds larger ones inexactly), got ${describeValue(value)}`
        : `expected ${what}, got ${describeValue(value)}`,
  });
}

/** Reports every field of `input` not in `known`, each at `prefix` + its name. */
export function checkUnknownFields(
  input: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
  issues: ValidationIssue[],
): void {
  for (const key of Object.keys(input)) {
    if (!known.includes(key))
      issues.push({ path: `${prefix}${key}`, message: `is not a known field; expected ${known.join(', ')}` });
  }
}
