import { toBusEventDetail } from '@outflow/core-domain';
import type { DeadLetterEntry } from '@outflow/runtime-local';
import { InMemoryOutboxStore, InMemoryProjectionStore, makeEvent } from '@outflow/testing';
import { compareOrder, formatComparison } from './order-comparison';

const state = (version: number, overrides: Record<string, unknown> = {}) => ({
  orderId: 'o-1',
  customerId: 'c-1',
  status: version === 1 ? 'created' : 'confirmed',
  currency: 'EUR',
  items: [{ sku: 'BOOK-42', quantity: 2, unitPriceCents: 1999 }],
  totalCents: 3998,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: `2026-11-01T10:0${version}:00.000Z`,
  ...overrides,
});

async function sides(sourceVersion: number, downstreamVersions: Record<string, number>) {
  const source = new InMemoryOutboxStore();
  for (let v = 1; v <= sourceVersion; v++)
    await source.save({
      aggregateType: 'order',
      aggregateId: 'o-1',
      expectedVersion: v - 1,
      state: state(v),
      events: [makeEvent('order', 'o-1', v, { state: state(v) })],
    });
  const downstreams: Record<string, InMemoryProjectionStore> = {};
  for (const [name, version] of Object.entries(downstreamVersions)) {
    downstreams[name] = new InMemoryProjectionStore();
    if (version > 0)
      await downstreams[name].apply([makeEvent('order', 'o-1', version, { state: state(version) })]);
  }
  return { source, downstreams };
}

describe('Function: compareOrder', () => {
  it('reads both sides through their stores and agrees when every downstream holds the source’s state', async () => {
    const { source, downstreams } = await sides(2, { 'rdb-a': 2, 'search-b': 2 });
    const comparison = await compareOrder('o-1', source, downstreams);
    expect(comparison.agree).toBe(true);
    expect(comparison.downstreams['rdb-a']).toEqual(comparison.source);
    expect(formatComparison(comparison)).toBe(
      [
        'order o-1',
        '  source table:  version 2, confirmed, total 39.98 EUR; items: 2 × BOOK-42 @ 19.99',
        '  rdb-a:         version 2, confirmed, total 39.98 EUR; items: 2 × BOOK-42 @ 19.99',
        '  search-b:      version 2, confirmed, total 39.98 EUR; items: 2 × BOOK-42 @ 19.99',
        '  ✓ they agree',
      ].join('\n'),
    );
  });

  it('says which downstream is behind the source', async () => {
    const { source, downstreams } = await sides(2, { 'rdb-a': 2, 'search-b': 1, 'views-c': 0 });
    const comparison = await compareOrder('o-1', source, downstreams);
    expect(comparison.agree).toBe(false);
    expect(comparison.downstreams['views-c']).toBeNull();
    expect(formatComparison(comparison)).toContain('✗ search-b, views-c behind the source (version 2)');
  });

  it('refuses a side that holds what no Order could have written, naming it and the field', async () => {
    const { source } = await sides(1, {});
    const broken = new InMemoryProjectionStore();
    await broken.apply([
      makeEvent('order', 'o-1', 1, {
        state: state(1, { items: [{ sku: 'A', quantity: 1, unitPriceCents: 0 }], totalCents: 0 }),
      }),
    ]);
    await expect(compareOrder('o-1', source, { broken })).rejects.toThrow(
      /broken holds an order no Order could have written: .*items\[0\]\.unitPriceCents/,
    );
  });
});

describe('Function: compareOrder, an order on neither side', () => {
  it('says it is found nowhere instead of "they agree"', async () => {
    const { source, downstreams } = await sides(0, { 'rdb-a': 0 });
    const comparison = await compareOrder('o-1', source, downstreams);
    expect([comparison.found, comparison.agree]).toEqual([false, false]);
    expect(formatComparison(comparison).split('\n').at(-1)).toBe(
      '  ✗ not found in the source table nor in any downstream',
    );
  });
});

describe('Function: compareOrder, with dead letters', () => {
  const detail = (version: number) =>
    toBusEventDetail(makeEvent('order', 'o-1', version, { state: state(version) }));
  const queued = (from: string, version: number): DeadLetterEntry => ({
    from,
    reason: 'retries exhausted: numeric field overflow',
    movedAt: '2026-11-01T10:05:00.000Z',
    // What the re-keying Pipe puts on the FIFO queue: the detail wrapped as {"detail": …}, as text.
    payload: {
      messageId: 'm-1',
      groupId: 'order#o-1',
      receiveCount: 5,
      body: JSON.stringify({ detail: detail(version) }),
    },
  });

  it('names the dead letter (reason and queue) instead of "not there ✗ they differ"', async () => {
    // Prepare: the source holds version 1; rdb-a never got it, its change is in rdb-a's DLQ.
    const { source, downstreams } = await sides(1, { 'rdb-a': 0, 'search-b': 1 });
    // Act
    const comparison = await compareOrder('o-1', source, downstreams, [
      queued('queue:rdb-a.fifo', 1),
      queued('queue:other.fifo', 1),
    ]);
    // Assess
    expect(Object.keys(comparison.deadLettered)).toEqual(['rdb-a']);
    expect(formatComparison(comparison).split('\n').slice(2)).toEqual([
      '  rdb-a:         dead-lettered: retries exhausted: numeric field overflow (from queue:rdb-a.fifo)',
      '  search-b:      version 1, created, total 39.98 EUR; items: 2 × BOOK-42 @ 19.99',
      '  ✗ rdb-a missing a change that ended in a dead-letter queue (dead-letters.jsonl in the data dir)',
    ]);
  });

  it('shows a newer dead-lettered version beside the one held, and ignores one already superseded', async () => {
    const { source, downstreams } = await sides(2, { 'rdb-a': 1, 'search-b': 2 });
    const comparison = await compareOrder('o-1', source, downstreams, [
      queued('queue:rdb-a-buffer', 2),
      queued('rule:search-b', 1),
    ]);
    expect(Object.keys(comparison.deadLettered)).toEqual(['rdb-a']);
    expect(formatComparison(comparison)).toContain(
      'version 1, created, total 39.98 EUR; items: 2 × BOOK-42 @ 19.99; version 2 dead-lettered: retries exhausted: numeric field overflow (from queue:rdb-a-buffer)',
    );
  });

  it("counts a source Pipe's dead-lettered stream record against every downstream", async () => {
    const { source, downstreams } = await sides(1, { 'rdb-a': 0, 'search-b': 0 });
    const record: DeadLetterEntry = {
      from: 'pipe:orders',
      reason: 'bus entry too large',
      movedAt: '2026-11-01T10:05:00.000Z',
      payload: {
        eventName: 'INSERT',
        dynamodb: {
          NewImage: {
            outboxAggregateType: { S: 'order' },
            outboxAggregateId: { S: 'o-1' },
            outboxAggregateVersion: { N: '1' },
          },
        },
      },
    };
    const comparison = await compareOrder('o-1', source, downstreams, [record]);
    expect(Object.keys(comparison.deadLettered)).toEqual(['rdb-a', 'search-b']);
  });
});
