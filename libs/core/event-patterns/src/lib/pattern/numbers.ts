import { isExactNumberText, type ExactNumber } from '@outflow/core-domain';

/**
 * A JSON number as the matcher sees it: a plain `number`, or an {@link ExactNumber} that
 * `parseExactJson` kept as its text because a JavaScript number cannot hold it.
 */
export type JsonNumber = number | ExactNumber;

/** True for a JSON number in either form. */
export const isJsonNumber = (value: unknown): value is JsonNumber =>
  typeof value === 'number' || isExactNumberText(value);

/** The number's exact decimal text: the shortest round-trip text of a `number`, the kept text otherwise. */
export const numberText = (value: JsonNumber): string =>
  typeof value === 'number' ? String(value) : value.value;

/**
 * EventBridge compares numbers "between -5.0e9 and +5.0e9 inclusive, with 15 digits of precision, or
 * six digits to the right of the decimal point" (docs/aws-semantics.md, "Event patterns and input templates"). A number inside those limits
 * becomes an exact integer count of millionths, computed from its exact decimal text, so 301.8 and
 * 3.018e2 compare equal without floating-point noise; a number outside them has no comparable
 * form: it never matches `numeric`, and an exact value matches it only by its text (event-ruler's
 * `exactMatch` on the JSON text), so `12345678901234567891` matches `12345678901234567891` and
 * not `12345678901234567890`.
 */
const MAX_MILLIONTHS = 5_000_000_000n * 1_000_000n;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Millionths of `value` as an exact integer, or undefined when EventBridge cannot compare it. */
export const toComparable = (value: JsonNumber): number | undefined => {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  const parts = DECIMAL.exec(numberText(value));
  if (parts === null) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = parts;
  const trimmed = (whole + fraction).replace(/0+$/, '');
  const digits = trimmed.replace(/^0+/, '');
  if (digits === '') return 0;
  const shift = Number(exponent) - fraction.length + (whole.length + fraction.length - trimmed.length) + 6;
  if (shift < 0) return undefined; // more than six decimal places
  if (shift + digits.length > 17) return undefined; // far beyond ±5e9
  const millionths = BigInt(digits) * 10n ** BigInt(shift);
  if (millionths > MAX_MILLIONTHS) return undefined;
  return Number(sign === '-' ? -millionths : millionths);
};

/** Describes the limits in error messages. */
export const COMPARABLE_LIMITS = 'a number between -5e9 and 5e9 with at most 6 decimal places';
