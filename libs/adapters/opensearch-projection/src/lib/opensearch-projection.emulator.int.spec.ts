import { Client } from '@opensearch-project/opensearch';
import { startOpenSearchEmulator } from '@outflow/opensearch-emulator';
import { ordersSearchMapping } from '@outflow/orders';
import { makeEvent } from '@outflow/testing';
import { sampleOrderState } from '@outflow/orders/testing';
import { describeOpenSearchProjectionSuite } from '../testing';
import { OpenSearchProjection } from './opensearch-projection';

describeOpenSearchProjectionSuite('the local emulator', async () => {
  const emulator = await startOpenSearchEmulator();
  return { client: new Client({ node: emulator.url }), indexPrefix: 'contract', stop: () => emulator.stop() };
});

describe('Class: OpenSearchProjection (emulator specifics)', () => {
  const order = (id: string, version: number) =>
    makeEvent('order', id, version, { state: { ...sampleOrderState(id, version) } });

  it('keeps a deleted order out of search after gc_deletes, where a plain delete lets a late older upsert resurrect it', async () => {
    // Prepare: an emulator forgetting deleted versions after 50 ms (OpenSearch: index.gc_deletes, 60 s by default).
    let now = Date.now();
    const emulator = await startOpenSearchEmulator({ gcDeletes: '50ms', now: () => now });
    const client = new Client({ node: emulator.url });
    const store = new OpenSearchProjection({ client, indexPrefix: 'gc', mappings: [ordersSearchMapping] });
    const searchable = async (id: string) => {
      await client.indices.refresh({ index: 'gc-orders' });
      const response = await client.search({
        index: 'gc-orders-read',
        body: { query: { term: { id } } },
      } as never);
      return (response.body.hits.hits as unknown[]).length;
    };
    try {
      // Act: the adapter's tombstone path — v1, deleted at v3, 1 s later a late v2 arrives.
      await store.apply([order('kept-deleted', 1)]);
      await store.apply([makeEvent('order', 'kept-deleted', 3, { deleted: true })]);
      now += 1000;
      const late = await store.apply([order('kept-deleted', 2)]);
      // And what a plain `delete` would do: the same history written by hand.
      await client.index({
        index: 'gc-orders',
        id: 'plain',
        version: 1,
        version_type: 'external',
        body: { aggregateId: 'plain', version: 1, deleted: false, id: 'plain' },
      } as never);
      await client.delete({ index: 'gc-orders', id: 'plain', version: 3, version_type: 'external' } as never);
      now += 1000;
      await client.index({
        index: 'gc-orders',
        id: 'plain',
        version: 2,
        version_type: 'external',
        body: { aggregateId: 'plain', version: 2, deleted: false, id: 'plain' },
      } as never);
      // Assess
      expect(late).toEqual([{ kind: 'stale', heldVersion: 3 }]);
      expect(await searchable('kept-deleted')).toBe(0);
      expect(await store.read('order', 'kept-deleted')).toEqual({ kind: 'tombstone', version: 3 });
      expect(await searchable('plain')).toBe(1);
    } finally {
      await emulator.stop();
    }
  });

  it('retries bulk items the emulator rejects with 429 and applies them', async () => {
    const emulator = await startOpenSearchEmulator();
    try {
      const store = new OpenSearchProjection({
        client: new Client({ node: emulator.url }),
        indexPrefix: 'faults',
        mappings: [ordersSearchMapping],
        retry: { baseMs: 1, maxMs: 5 },
      });
      await store.apply([order('warm', 1)]);
      emulator.faults.rejectBulkItems(2);
      expect(await store.apply([order('r1', 1), order('r2', 1), order('r3', 1)])).toEqual([
        { kind: 'applied' },
        { kind: 'applied' },
        { kind: 'applied' },
      ]);
      expect(await store.read('order', 'r1')).toMatchObject({ kind: 'present', version: 1 });
    } finally {
      await emulator.stop();
    }
  });
});
