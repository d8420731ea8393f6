import { InMemoryOutboxStore, InMemoryProjectionStore, makeEvent } from '@outflow/testing';
import { compareOrder, formatComparison } from './order-views';

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
