// The OpenSearchProjection suite, run once per lane (the local emulator; a real cluster when
// OPENSEARCH_URL is set).
import { ordersSearchMapping } from '@outflow/orders';
import { describeProjectionStoreContract, makeEvent } from '@outflow/testing';
import { OpenSearchProjection } from '../opensearch-projection';
import type { OpenSearchClient } from '../options';
import { sampleOrderState } from '@outflow/orders/testing';
import { POISON_CUSTOMER, unguardedSearchOrders } from './unguarded-search-orders';

/** An OpenSearch to test against: its client, and how to stop it. */
export interface OpenSearchLane {
  readonly client: OpenSearchClient;
  /** A fresh index prefix per suite, so lanes and runs never share an index. */
  readonly indexPrefix: string;
  stop(): Promise<void>;
}

export function describeOpenSearchProjectionSuite(lane: string, open: () => Promise<OpenSearchLane>): void {
  let opened: Promise<OpenSearchLane> | undefined;
  const shared = () => (opened ??= open());
  afterAll(async () => (await opened)?.stop(), 60_000);

  // The contract's poison changes must be refused by OPENSEARCH, so it runs on the mapping with one hole.
  describeProjectionStoreContract(`OpenSearchProjection on ${lane}`, {
    open: async () => {
      const { client, indexPrefix } = await shared();
      return new OpenSearchProjection({ client, indexPrefix, mappings: [unguardedSearchOrders] });
    },
    fixture: {
      aggregateType: 'order',
      stateFor: (id, version) => ({ ...sampleOrderState(id, version) }),
      poisonStateFor: (id, version) => ({
        ...sampleOrderState(id, version, { customerId: POISON_CUSTOMER }),
      }),
    },
    propertyRuns: 8,
    poisonPropertyRuns: 30,
    timeoutMs: 300_000,
  });

  describe(`Class: OpenSearchProjection (${lane})`, () => {
    const id = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}`;
    const order = (orderId: string, version: number) =>
      makeEvent('order', orderId, version, { state: { ...sampleOrderState(orderId, version) } });
    const store = async () => {
      const { client, indexPrefix } = await shared();
      return new OpenSearchProjection({
        client,
        indexPrefix: `${indexPrefix}-own`,
        mappings: [ordersSearchMapping],
      });
    };
    const searchRead = async (orderId: string) => {
      const { client, indexPrefix } = await shared();
      await client.indices.refresh({ index: `${indexPrefix}-own-orders` });
      const response = await client.search({
        index: `${indexPrefix}-own-orders-read`,
        body: { query: { term: { id: orderId } } },
      } as never);
      return (response.body.hits.hits as Array<{ _id: string }>).map((h) => h._id);
    };

    it('finds a live order through the read alias and not a deleted one', async () => {
      // Prepare
      const [live, gone] = [id('live'), id('gone')];
      const s = await store();
      // Act
      await s.apply([order(live, 1), order(gone, 1)]);
      await s.apply([makeEvent('order', gone, 2, { deleted: true })]);
      // Assess
      expect(await searchRead(live)).toEqual([live]);
      expect(await searchRead(gone)).toEqual([]);
      expect(await s.read('order', gone)).toEqual({ kind: 'tombstone', version: 2 });
    });

    it('finds an order by a sku through the full-text field', async () => {
      const { client, indexPrefix } = await shared();
      const orderId = id('text');
      await (await store()).apply([order(orderId, 1)]);
      await client.indices.refresh({ index: `${indexPrefix}-own-orders` });
      const response = await client.search({
        index: `${indexPrefix}-own-orders-read`,
        body: { query: { bool: { must: [{ match: { text: orderId } }, { match: { text: 'SKU-0' } }] } } },
      } as never);
      expect((response.body.hits.hits as Array<{ _id: string }>).map((h) => h._id)).toEqual([orderId]);
    });
  });
}
