import {
  checkSearchQuery,
  decodeSearchCursor,
  encodeSearchCursor,
  type OrderSearch,
  type OrderSearchHit,
  type OrderSearchPage,
  type OrderSearchQuery,
} from '@outflow/core-application';
import { requestFailure } from './bulk-writer';
import { InvalidOpenSearchOptionsError, OpenSearchUnavailableError } from './errors';
import type { OpenSearchClient } from './options';

export interface OpenSearchOrderSearchOptions {
  /** Only `search` is called. `createOpenSearchClient({ endpoint, region })` on AWS. */
  readonly client: Pick<OpenSearchClient, 'search'>;
  /** The projection's prefix, e.g. `outflow-prod`: searches go to `<prefix>-orders-read`. */
  readonly indexPrefix: string;
}

interface Hit {
  readonly _id: string;
  readonly _source: Record<string, unknown>;
  readonly sort?: readonly unknown[];
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

const hitOf = ({ _id, _source: s }: Hit): OrderSearchHit => ({
  id: String(s['id'] ?? _id),
  customerId: String(s['customerId']),
  status: String(s['status']),
  currency: String(s['currency']),
  totalCents: Number(s['totalCents']),
  createdAt: String(s['createdAt']),
  updatedAt: String(s['updatedAt']),
  version: Number(s['version']),
});

/** The query body: filters in `bool.filter` (no scoring), `q` as a `match` on `text` with every word. */
function bodyOf(query: OrderSearchQuery): Record<string, unknown> {
  const filter: unknown[] = [];
  if (query.status !== undefined) filter.push({ term: { status: query.status } });
  if (query.customerId !== undefined) filter.push({ term: { customerId: query.customerId } });
  const must = query.q?.trim() ? [{ match: { text: { query: query.q, operator: 'and' } } }] : [];
  return {
    size: query.limit + 1,
    query: { bool: { filter, must } },
    sort: [{ updatedAt: 'desc' }, { id: 'asc' }],
    _source: ['id', 'customerId', 'status', 'currency', 'totalCents', 'createdAt', 'updatedAt', 'version'],
    ...(query.cursor === undefined ? {} : { search_after: decodeSearchCursor(query.cursor) }),
  };
}

/**
 * OrderSearch on OpenSearch: `POST /<prefix>-orders-read/_search` (the READ alias, filtered
 * `deleted: false`, so tombstones never come back) sorted by `updatedAt` descending then `id`; the
 * cursor carries the last hit's sort values for `search_after`. Read-only: IAM needs
 * `es:ESHttpGet`/`es:ESHttpPost` on the alias's paths.
 */
export class OpenSearchOrderSearch implements OrderSearch {
  private readonly readAlias: string;

  /** @throws InvalidOpenSearchOptionsError naming `indexPrefix`. */
  constructor(private readonly options: OpenSearchOrderSearchOptions) {
    if (!NAME.test(options.indexPrefix))
      throw new InvalidOpenSearchOptionsError(
        `OpenSearchOrderSearch options are invalid: indexPrefix: expected lowercase letters, digits, - or _, got ${JSON.stringify(options.indexPrefix)}`,
      );
    this.readAlias = `${options.indexPrefix}-orders-read`;
  }

  /**
   * @throws ValidationError naming `limit` or `cursor`.
   * @throws OpenSearchUnavailableError when OpenSearch fails the request (an index not yet
   * created reads as no hits).
   */
  async search(query: OrderSearchQuery): Promise<OrderSearchPage> {
    checkSearchQuery(query);
    const body = bodyOf(query);
    let hits: Hit[];
    try {
      const response = await this.options.client.search({ index: this.readAlias, body } as never);
      hits = response.body.hits.hits as Hit[];
    } catch (error) {
      if (requestFailure(error).status === 404) return { items: [] };
      throw new OpenSearchUnavailableError(
        `OpenSearch could not search ${this.readAlias}: ${requestFailure(error).reason}`,
        { cause: error },
      );
    }
    const items = hits.slice(0, query.limit).map(hitOf);
    const last = hits[query.limit - 1];
    return hits.length > query.limit && last?.sort
      ? { items, nextCursor: encodeSearchCursor(last.sort) }
      : { items };
  }
}
