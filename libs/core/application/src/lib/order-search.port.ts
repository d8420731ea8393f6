import { ValidationError, type ValidationIssue } from '@outflow/core-domain';

/**
 * Searches orders in the search projection (on AWS the OpenSearch READ alias
 * `<prefix>-orders-read`, locally the emulator or `OPENSEARCH_URL`). Every implementation passes
 * the OrderSearch contract suite in `@outflow/testing`.
 *
 * Results are newest first (`updatedAt` descending, then `id` ascending as the tiebreaker);
 * deleted orders (tombstones) are never returned. Search is eventually consistent: a change shows
 * once search-sync has applied it.
 */
export interface OrderSearch {
  /**
   * One page of the orders matching every given filter.
   *
   * @throws ValidationError naming `limit` (not an integer from 1 to {@link MAX_SEARCH_LIMIT}) or
   * `cursor` (not a `nextCursor` this search returned).
   * @throws an implementation's unavailable error when the search store cannot be reached.
   */
  search(query: OrderSearchQuery): Promise<OrderSearchPage>;
}

/** The largest page `OrderSearch.search` returns. */
export const MAX_SEARCH_LIMIT = 100;

export interface OrderSearchQuery {
  /**
   * Full text: an order matches when it holds EVERY word of `q` (words are runs of letters and
   * digits, case-insensitive) among the words of its id, its customer id and its items' skus.
   */
  readonly q?: string;
  /** Exact order status, e.g. `confirmed`. */
  readonly status?: string;
  /** Exact customer id. */
  readonly customerId?: string;
  /** Hits per page: an integer from 1 to {@link MAX_SEARCH_LIMIT}. */
  readonly limit: number;
  /** `nextCursor` of the previous page of the same query; omit for the first page. Opaque. */
  readonly cursor?: string;
}

export interface OrderSearchPage {
  readonly items: readonly OrderSearchHit[];
  /** Present when more hits may follow. */
  readonly nextCursor?: string;
}

/** One order as search holds it. */
export interface OrderSearchHit {
  readonly id: string;
  readonly customerId: string;
  readonly status: string;
  /** ISO 4217 code, e.g. `EUR`. */
  readonly currency: string;
  /** Integer cents. */
  readonly totalCents: number;
  /** ISO-8601 instants. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The aggregate version search holds. */
  readonly version: number;
}

/**
 * Checks `limit` of a search query.
 * @throws ValidationError naming `limit`.
 */
export function checkSearchQuery(query: OrderSearchQuery): void {
  const issues: ValidationIssue[] = [];
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_SEARCH_LIMIT)
    issues.push({ path: 'limit', message: `expected an integer from 1 to ${MAX_SEARCH_LIMIT}` });
  if (issues.length > 0) throw new ValidationError('order search query', issues);
}

/** The opaque cursor after a hit, from its sort values `[updatedAt, id]`: base64url JSON. */
export const encodeSearchCursor = (after: readonly unknown[]): string =>
  Buffer.from(JSON.stringify(after), 'utf8').toString('base64url');

/**
 * The sort values a cursor carries: `[updatedAt, id]` (updatedAt as the implementation sorted it).
 * @throws ValidationError naming `cursor` when it is not one this search returned.
 */
export function decodeSearchCursor(cursor: string): [string | number, string] {
  try {
    const after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(after) &&
      after.length === 2 &&
      (typeof after[0] === 'string' || typeof after[0] === 'number') &&
      typeof after[1] === 'string'
    )
      return [after[0], after[1]];
  } catch {
    // fall through
  }
  throw new ValidationError('order search query', [
    { path: 'cursor', message: 'expected the nextCursor of a previous page' },
  ]);
}
