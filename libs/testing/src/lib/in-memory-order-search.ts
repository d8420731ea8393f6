import {
  checkSearchQuery,
  decodeSearchCursor,
  encodeSearchCursor,
  type OrderSearch,
  type OrderSearchHit,
  type OrderSearchPage,
  type OrderSearchQuery,
  type ProjectionStore,
} from '@outflow/core-application';

type OrderLike = Record<string, unknown> & { items?: readonly { sku?: unknown }[] };

const hitOf = (id: string, version: number, state: OrderLike): OrderSearchHit => ({
  id,
  customerId: String(state['customerId']),
  status: String(state['status']),
  currency: String(state['currency']),
  totalCents: Number(state['totalCents']),
  createdAt: String(state['createdAt']),
  updatedAt: String(state['updatedAt']),
  version,
});

/** Words as a standard analyzer splits them: runs of letters and digits, lowercased. */
const tokens = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

const words = (id: string, state: OrderLike): Set<string> =>
  new Set(
    tokens(
      [id, String(state['customerId']), ...(state.items ?? []).map((item) => String(item.sku))].join(' '),
    ),
  );

/** Newest first, then id ascending: the order every OrderSearch returns. */
const newestFirst = (a: OrderSearchHit, b: OrderSearchHit) =>
  b.updatedAt.localeCompare(a.updatedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * An OrderSearch over a ProjectionStore (e.g. an `InMemoryProjectionStore` fed the order changes):
 * the reference implementation of the OrderSearch contract.
 */
export class InMemoryOrderSearch implements OrderSearch {
  constructor(
    private readonly store: ProjectionStore,
    private readonly aggregateType = 'order',
  ) {}

  async search(query: OrderSearchQuery): Promise<OrderSearchPage> {
    checkSearchQuery(query);
    const after = query.cursor === undefined ? undefined : decodeSearchCursor(query.cursor);
    const terms = tokens(query.q ?? '');
    const hits = (await this.all())
      .filter(({ hit, state }) => {
        if (query.status !== undefined && hit.status !== query.status) return false;
        if (query.customerId !== undefined && hit.customerId !== query.customerId) return false;
        const own = words(hit.id, state);
        return terms.every((term) => own.has(term));
      })
      .map(({ hit }) => hit)
      .sort(newestFirst)
      .filter((hit) => after === undefined || newestFirst(hit, afterHit(after)) > 0);
    const items = hits.slice(0, query.limit);
    const last = items[items.length - 1];
    return hits.length > query.limit && last
      ? { items, nextCursor: encodeSearchCursor([last.updatedAt, last.id]) }
      : { items };
  }

  private async all(): Promise<{ hit: OrderSearchHit; state: OrderLike }[]> {
    const found: { hit: OrderSearchHit; state: OrderLike }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.list({ aggregateType: this.aggregateType, limit: 1000, cursor });
      for (const entry of page.items) {
        if (entry.tombstone) continue;
        const held = await this.store.read(this.aggregateType, entry.aggregateId);
        if (held.kind !== 'present') continue;
        const state = held.state as OrderLike;
        found.push({ hit: hitOf(entry.aggregateId, held.version, state), state });
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return found;
  }
}

const afterHit = ([updatedAt, id]: [string | number, string]) =>
  ({ updatedAt: String(updatedAt), id }) as OrderSearchHit;
