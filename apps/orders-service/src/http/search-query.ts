import { decodeSearchCursor, MAX_SEARCH_LIMIT, type OrderSearchQuery } from '@outflow/core-application';
import { err, ok, type Result, type ValidationIssue } from '@outflow/core-domain';
import { ORDER_STATUSES } from '@outflow/orders';

const KNOWN = new Set(['q', 'status', 'customerId', 'limit', 'cursor']);

/** Page size when `limit` is not given. */
const DEFAULT_SEARCH_LIMIT = 20;

/** The longest `q`, `customerId` or `cursor` accepted (characters). */
const MAX_TEXT = 512;

/**
 * The search query of `GET /orders/search` from its query string, or every problem, each naming
 * its parameter: `status` one of the order statuses, `limit` an integer from 1 to 100 (default
 * 20), `cursor` the `nextCursor` of a previous page, no parameter beyond q, status, customerId,
 * limit and cursor. Empty values count as absent.
 */
export function parseSearchQuery(
  params: Readonly<Record<string, string | undefined>>,
): Result<OrderSearchQuery, readonly ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  for (const name of Object.keys(params))
    if (!KNOWN.has(name))
      issues.push({
        path: name,
        message: 'unknown parameter; expected q, status, customerId, limit or cursor',
      });
  const value = (name: string) => (params[name]?.trim() ? params[name]?.trim() : undefined);
  const [q, status, customerId, limitText, cursor] = ['q', 'status', 'customerId', 'limit', 'cursor'].map(
    value,
  );
  for (const [name, text] of [
    ['q', q],
    ['customerId', customerId],
    ['cursor', cursor],
  ] as const)
    if (text !== undefined && text.length > MAX_TEXT)
      issues.push({ path: name, message: `at most ${MAX_TEXT} characters` });
  if (status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(status))
    issues.push({ path: 'status', message: `expected one of ${ORDER_STATUSES.join(', ')}` });
  const limit = limitText === undefined ? DEFAULT_SEARCH_LIMIT : Number(limitText);
  if (!/^\d+$/.test(limitText ?? '20') || limit < 1 || limit > MAX_SEARCH_LIMIT)
    issues.push({ path: 'limit', message: `expected an integer from 1 to ${MAX_SEARCH_LIMIT}` });
  if (cursor !== undefined && cursor.length <= MAX_TEXT) {
    try {
      decodeSearchCursor(cursor);
    } catch {
      issues.push({ path: 'cursor', message: 'expected the nextCursor of a previous page' });
    }
  }
  if (issues.length > 0) return err(issues);
  return ok({
    limit,
    ...(q === undefined ? {} : { q }),
    ...(status === undefined ? {} : { status }),
    ...(customerId === undefined ? {} : { customerId }),
    ...(cursor === undefined ? {} : { cursor }),
  });
}
