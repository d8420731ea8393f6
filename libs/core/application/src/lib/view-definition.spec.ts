import { ValidationError } from '@outflow/core-domain';
import { checkViewDefinition, contributionsOf, shardOf, type ViewDefinition } from './view-definition';

const definition: ViewDefinition = {
  aggregateType: 'order',
  views: [
    {
      name: 'customer-orders',
      partitionBy: 'customerId',
      groupBy: 'status',
      sum: { field: 'totalCents', per: 'currency' },
    },
    { name: 'orders-by-status', groupBy: 'status', shards: 8 },
  ],
  validate: (_id, state) => ({ ok: true, value: state }),
};

describe('Function: contributionsOf', () => {
  it('puts an aggregate in its customer row and in its shard of the global row', () => {
    const state = { customerId: 'c-1', status: 'created', totalCents: 500, currency: 'EUR' };
    expect(contributionsOf(definition, 'o-1', state)).toEqual([
      { view: 'customer-orders', row: 'c-1', group: 'created', sum: { per: 'EUR', amount: 500 } },
      { view: 'orders-by-status', row: `*${shardOf('o-1', 8)}`, group: 'created' },
    ]);
  });

  it('names every field a view needs and the state lacks', () => {
    expect(() =>
      contributionsOf(definition, 'o-1', { status: 'created', totalCents: 1.5, currency: 'EUR' }),
    ).toThrow(ValidationError);
    try {
      contributionsOf(definition, 'o-1', { status: 'created', totalCents: 1.5, currency: 'EUR' });
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['customerId', 'totalCents']);
    }
  });
});

describe('Function: contributionsOf (separators)', () => {
  it('refuses a group or currency holding #, the stores’ separator, and accepts it in a row', () => {
    const state = { customerId: 'c#1', status: 'a#b', totalCents: 1, currency: 'EUR' };
    expect(() => contributionsOf(definition, 'o-1', state)).toThrow(
      'status: expected a non-empty string without #',
    );
    expect(contributionsOf(definition, 'o-1', { ...state, status: 'created' })[0]?.row).toBe('c#1');
  });
});

describe('Function: shardOf', () => {
  it('spreads ids over every shard and keeps an id in one shard', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`o-${i}`, 8)));
    expect([...shards].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(shardOf('o-1', 8)).toBe(shardOf('o-1', 8));
  });
});

describe('Function: checkViewDefinition', () => {
  it('names a duplicate view and a bad shard count', () => {
    const bad = {
      ...definition,
      views: [definition.views[1], { ...definition.views[1], shards: 0 }],
    } as ViewDefinition;
    expect(() => checkViewDefinition(bad)).toThrow(
      'views[1].name: expected a unique name of letters, digits and -, got "orders-by-status"; views[1].shards: expected an integer from 1 to 100, got 0',
    );
  });
});
