import { createClient, ensureTable } from '@outflow/dynamodb-local';
import { dynamoDbLocalEndpoint } from '@outflow/dynamodb-local/testing';
import { makeEvent } from '@outflow/testing';
import { DynamoDbOutboxStore } from './dynamodb-outbox-store';
import { scanAggregates, type ScanPosition } from './scan-aggregates';
import { outboxTable } from './table';

describe('Function: scanAggregates on DynamoDB Local', () => {
  const client = createClient(dynamoDbLocalEndpoint());
  const tableName = `scan-${Date.now().toString(36)}`;
  afterAll(() => client.destroy());

  beforeAll(async () => {
    await ensureTable(client, outboxTable(tableName));
    const store = new DynamoDbOutboxStore({ tableName, client });
    for (let i = 0; i < 30; i += 1) {
      const id = `o-${i}`;
      // every third order has a change with two events (two outbox items), every fifth is deleted
      await store.save({
        aggregateType: 'order',
        aggregateId: id,
        expectedVersion: 0,
        state: { i },
        events: [1, ...(i % 3 === 0 ? [2] : [])].map((n) =>
          makeEvent('order', id, 1, { state: { i } }, `${id}-e${n}`),
        ),
      });
      if (i % 5 === 0)
        await store.save({
          aggregateType: 'order',
          aggregateId: id,
          expectedVersion: 1,
          state: null,
          events: [makeEvent('order', id, 2, { deleted: true })],
        });
    }
  });

  it('returns every aggregate once across segments and pages, outbox items skipped, tombstones as state null', async () => {
    const seen = new Map<string, { version: number; state: unknown }>();
    let scanned = 0;
    let pages = 0;
    for (let segment = 0; segment < 3; segment += 1) {
      let from: ScanPosition | undefined;
      do {
        const page = await scanAggregates(client, {
          tableName,
          segment,
          totalSegments: 3,
          limit: 4,
          ...(from ? { from } : {}),
        });
        pages += 1;
        scanned += page.scanned;
        for (const s of page.snapshots) {
          expect(seen.has(s.aggregateId)).toBe(false);
          seen.set(s.aggregateId, { version: s.version, state: s.state });
        }
        from = page.next;
      } while (from);
    }
    expect(seen.size).toBe(30);
    expect(seen.get('o-5')).toEqual({ version: 2, state: null });
    expect(seen.get('o-1')).toEqual({ version: 1, state: { i: 1 } });
    expect(scanned).toBe(30 + 10 * 2); // 10 changes of two events wrote two outbox items each
    expect(pages).toBeGreaterThan(3);
  });

  it('names a bad segment', async () => {
    await expect(scanAggregates(client, { tableName, segment: 3, totalSegments: 3 })).rejects.toThrow(
      'segment: expected 0 to 2, got 3',
    );
  });
});
