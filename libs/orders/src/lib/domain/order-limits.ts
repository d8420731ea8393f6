import { checkString, describeValue, isExactNumberText, type ValidationIssue } from '@outflow/core-domain';

/**
 * The ONE set of limits of an order: what the API accepts, what the aggregate writes, what
 * `parseOrderState` reads back and what the legacy mapping maps — so everything the source accepts
 * fits every downstream column (prisma/schema.prisma). Change a limit here and in the schema together.
 *
 * - `id` 100 — `orders.id VARCHAR(100)`, the event's `aggregateId` (EVENT_LIMITS), a FIFO group id.
 * - `customerId` 64 — `orders.customer_id VARCHAR(64)`.
 * - `sku` 64 — `order_items.sku VARCHAR(64)`.
 * - `items` 100 — lines per order (keeps an item far below DynamoDB's 400 KB).
 * - `quantity` 2,147,483,647 — `order_items.quantity INTEGER`.
 * - `amountCents` 999,999,999,999 — `DECIMAL(12,2)` holds at most 9,999,999,999.99: the bound of
 *   `unitPriceCents`, of each line's quantity × unitPriceCents (`line_total`) and of `totalCents`.
 * - `timestampFractionDigits` 3 — `TIMESTAMPTZ(3)` keeps milliseconds; more digits would be rounded.
 *
 * Lengths count UTF-16 code units (JavaScript's `length`), never fewer than the characters
 * PostgreSQL counts, so an accepted text always fits its column. Text holds no control characters
 * (U+0000–U+001F, U+007F: PostgreSQL refuses U+0000 in text) and no lone surrogates (not UTF-8).
 */
export const ORDER_LIMITS = {
  id: 100,
  customerId: 64,
  sku: 64,
  items: 100,
  quantity: 2_147_483_647,
  amountCents: 999_999_999_999,
  timestampFractionDigits: 3,
} as const;

const UNSTORABLE = /[\u0000-\u001f\u007f]|\p{Cs}/u;

/**
 * Checks a non-empty text of at most `max` code units (and `pattern`, when given) that a PostgreSQL
 * text column stores unchanged: no control character and no lone surrogate.
 */
export function checkText(
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  max: number,
  pattern?: { readonly pattern: RegExp; readonly patternHint: string },
): void {
  const before = issues.length;
  checkString(value, path, issues, { max, ...(pattern ?? {}) });
  if (issues.length === before && typeof value === 'string' && UNSTORABLE.test(value)) {
    const index = value.search(UNSTORABLE);
    const code = value.codePointAt(index) ?? 0;
    issues.push({
      path,
      message: `must not hold control characters or lone surrogates (U+${code.toString(16).toUpperCase().padStart(4, '0')} at index ${index})`,
    });
  }
}

/** An integer too large for a JavaScript number to count with, e.g. `1e20` as the client wrote it. */
const isHugeInteger = (value: unknown): boolean => {
  if (!isExactNumberText(value)) return false;
  const number = Number(value.value);
  return Number.isInteger(number) && number > Number.MAX_SAFE_INTEGER;
};

/**
 * Checks an integer from 1 to `max`; `what` names it in the message, which quotes the value as the
 * client wrote it (`got 1e20`, from `parseExactJson`).
 */
export function checkBoundedInteger(
  value: unknown,
  path: string,
  issues: ValidationIssue[],
  max: number,
  what: string,
): void {
  if (isHugeInteger(value) || (typeof value === 'number' && Number.isSafeInteger(value) && value > max))
    issues.push({ path, message: `must be at most ${max} (${what}), got ${describeValue(value)}` });
  else if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    issues.push({ path, message: `expected an integer ≥ 1, got ${describeValue(value)}` });
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

/**
 * Checks an ISO-8601 UTC instant as the aggregate writes it (`2026-11-01T10:00:00.000Z`): a zone
 * is required (`Z`; a text without one would be read in the database's TimeZone), at most
 * milliseconds, a real calendar date from year 0001 to 9999.
 */
export function checkInstant(value: unknown, path: string, issues: ValidationIssue[]): void {
  const match = typeof value === 'string' ? INSTANT.exec(value) : null;
  const expected = `an ISO-8601 UTC instant with at most ${ORDER_LIMITS.timestampFractionDigits} fraction digits, e.g. "2026-11-01T10:00:00.000Z"`;
  if (!match) {
    issues.push({ path, message: `expected ${expected}, got ${describeValue(value)}` });
    return;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const date = new Date(0);
  date.setUTCFullYear(year as number, (month as number) - 1, day);
  date.setUTCHours(hour as number, minute, second);
  const real =
    (year as number) >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === (month as number) - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  if (!real)
    issues.push({ path, message: `expected ${expected}, got ${describeValue(value)} (no such instant)` });
}
