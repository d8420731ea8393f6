/**
 * EventBridge compares numbers "between -5.0e9 and +5.0e9 inclusive, with 15 digits of precision, or
 * six digits to the right of the decimal point" (docs/aws-semantics.md, "Event patterns and input templates"). A number inside those limits
 * becomes an exact integer count of millionths, so 301.8 and 3.018e2 compare equal without
 * floating-point noise; a number outside them has no comparable form and never matches `numeric`.
 */
const MAX_MILLIONTHS = 5_000_000_000n * 1_000_000n;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/** Millionths of `value` as an exact integer, or undefined when EventBridge cannot compare it. */
export const toComparable = (value: number): number | undefined => {
  if (!Number.isFinite(value)) return undefined;
  // String() yields the shortest decimal that round-trips, i.e. the number as JSON wrote it.
  const parts = DECIMAL.exec(String(value));
  if (parts === null) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = parts;
  const digits = (whole + fraction).replace(/0+$/, '') || '0';
  const stripped = whole.length + fraction.length - digits.length;
  const shift = Number(exponent) - fraction.length + stripped + 6;
  if (shift < 0) return undefined; // more than six decimal places
  const millionths = BigInt(digits) * 10n ** BigInt(shift);
  if (millionths > MAX_MILLIONTHS) return undefined;
  return Number(sign === '-' ? -millionths : millionths);
};

/** Describes the limits in error messages. */
export const COMPARABLE_LIMITS = 'a number between -5e9 and 5e9 with at most 6 decimal places';
