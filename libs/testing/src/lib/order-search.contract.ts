import type { OrderSearch, ProjectionStore } from '@outflow/core-application';
import type { AggregateState, OutboxEvent } from '@outflow/core-domain';
import { ValidationError } from '@outflow/core-domain';
import { makeEvent } from './histories';

/** What one lane of the OrderSearch contract gives the suite. */
export interface OrderSearchLane {
  readonly search: OrderSearch;
  /** The store search reads from: the suite feeds it order changes. */
  readonly store: ProjectionStore;
  /** Makes what was applied searchable (e.g. an index refresh). @default nothing to do */
  readonly settle?: () => Promise<void>;
  readonly close?: () => Promise<void>;
}

let run = 0;

/** A valid order state; `second` is the `updatedAt` second of 2026-11-01T10:00. */
export function searchableOrder(
  orderId: string,
  customerId: string,
  status: string,
  second: number,
  sku = 'SKU-1',
): AggregateState {
  return {
    orderId,
    customerId,
    status,
    currency: 'EUR',
    items: [{ sku, quantity: 1, unitPriceCents: 250 }],
    totalCents: 250,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: new Date(Date.UTC(2026, 10, 1, 10, 0, second)).toISOString(),
  };
}

/**
 * The OrderSearch contract, run by the in-memory fake and by every real implementation:
 * filters, full text, newest first with a stable tiebreaker, cursor pages, tombstones never
 * returned, and the query's validation. Each case uses its own customer, so lanes may share a store.
 */
export function describeOrderSearchContract(name: string, open: () => Promise<OrderSearchLane>): void {
  describe(`OrderSearch contract: ${name}`, () => {
    let lane: OrderSearchLane;
    beforeAll(async () => {
      lane = await open();
    }, 60_000);
    afterAll(async () => {
      await lane?.close?.();
    });

    const customer = () => `cust-${process.pid}-${(run += 1)}`;
    const feed = async (changes: OutboxEvent[]) => {
      await lane.store.apply(changes);
      await lane.settle?.();
    };
    const order = (id: string, version: number, state: AggregateState) =>
      makeEvent('order', id, version, { state });
    const ids = async (query: Parameters<OrderSearch['search']>[0]) =>
      (await lane.search.search(query)).items.map((hit) => hit.id);

    it('filters on status and customer, newest first, and never returns a deleted order', async () => {
      const c = customer();
      await feed([
        order(`${c}-a`, 1, searchableOrder(`${c}-a`, c, 'created', 1)),
        order(`${c}-b`, 2, searchableOrder(`${c}-b`, c, 'confirmed', 3)),
        order(`${c}-c`, 1, searchableOrder(`${c}-c`, c, 'created', 5)),
        order(`${c}-d`, 1, searchableOrder(`${c}-d`, c, 'created', 7)),
      ]);
      await feed([makeEvent('order', `${c}-d`, 2, { deleted: true })]);

      expect(await ids({ customerId: c, limit: 20 })).toEqual([`${c}-c`, `${c}-b`, `${c}-a`]);
      expect(await ids({ customerId: c, status: 'created', limit: 20 })).toEqual([`${c}-c`, `${c}-a`]);
      expect(await ids({ customerId: c, status: 'confirmed', limit: 20 })).toEqual([`${c}-b`]);
      const [hit] = (await lane.search.search({ customerId: c, status: 'confirmed', limit: 1 })).items;
      expect(hit).toEqual({
        id: `${c}-b`,
        customerId: c,
        status: 'confirmed',
        currency: 'EUR',
        totalCents: 250,
        createdAt: '2026-11-01T09:00:00.000Z',
        updatedAt: '2026-11-01T10:00:03.000Z',
        version: 2,
      });
    });

    it('finds an order by a word of its id, customer or sku', async () => {
      const c = customer();
      await feed([
        order(`${c}-x`, 1, searchableOrder(`${c}-x`, c, 'created', 1, 'GREEN-MUG')),
        order(`${c}-y`, 1, searchableOrder(`${c}-y`, c, 'created', 2, 'RED-HAT')),
      ]);
      expect(await ids({ customerId: c, q: 'red-hat', limit: 20 })).toEqual([`${c}-y`]);
      expect(await ids({ q: `${c}-x`, limit: 20 })).toEqual([`${c}-x`]);
      expect(await ids({ q: c, limit: 20 })).toEqual([`${c}-y`, `${c}-x`]);
    });

    it('pages with the cursor: every hit once, in order, ties broken by id', async () => {
      const c = customer();
      const all = ['e', 'a', 'd', 'b', 'c'].map((s, i) => `${c}-${s}-${i < 2 ? 9 : i}`);
      await feed(all.map((id, i) => order(id, 1, searchableOrder(id, c, 'created', i < 2 ? 9 : i))));
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await lane.search.search({ customerId: c, limit: 2, cursor });
        pages.push(page.items.map((hit) => hit.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined && pages.length < 10);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual(await ids({ customerId: c, limit: 100 }));
      expect(pages.flat().slice(0, 2)).toEqual([`${c}-a-9`, `${c}-e-9`]);
    });

    it.each([
      ['limit 0', { limit: 0 }, 'limit'],
      ['limit 101', { limit: 101 }, 'limit'],
      ['limit 1.5', { limit: 1.5 }, 'limit'],
      ['a cursor it did not return', { limit: 5, cursor: 'not-a-cursor' }, 'cursor'],
    ])('refuses %s with a ValidationError naming it', async (_, query, path) => {
      const error = await lane.search.search(query).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([path]);
    });
  });
}
