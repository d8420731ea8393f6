import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { ViewContribution } from '@outflow/core-application';
import { changeTransaction, rowDeltas } from './transaction';
import { classifyWriteFailure } from './write-failure';

const customer = (group: string, amount: number, per = 'EUR'): ViewContribution => ({
  view: 'customer-orders',
  row: 'c-1',
  group,
  sum: { per, amount },
});
const global = (group: string): ViewContribution => ({ view: 'orders-by-status', row: '*3', group });

describe('Function: rowDeltas', () => {
  it('merges the old bucket −1 and the new bucket +1 of one row into one update', () => {
    const deltas = rowDeltas('order', [customer('created', 500)], [customer('cancelled', 500)]);
    expect([...deltas]).toEqual([
      [
        'V#5:order#customer-orders#c-1',
        new Map([
          ['count#created', -1],
          ['total#created#EUR', -500],
          ['count#cancelled', 1],
          ['total#cancelled#EUR', 500],
        ]),
      ],
    ]);
  });

  it('writes nothing to a row whose bucket does not move', () => {
    expect(rowDeltas('order', [global('created')], [global('created')]).size).toBe(0);
  });

  it('removes the whole contribution of a deletion', () => {
    const deltas = rowDeltas('order', [customer('shipped', 7, 'USD'), global('shipped')], []);
    expect([...deltas.values()].map((d) => Object.fromEntries(d))).toEqual([
      { 'count#shipped': -1, 'total#shipped#USD': -7 },
      { 'count#shipped': -1 },
    ]);
  });
});

describe('Function: changeTransaction', () => {
  const after = {
    aggregateType: 'order',
    aggregateId: 'o-1',
    version: 2,
    state: { status: 'confirmed' },
    contributions: [customer('confirmed', 5), global('confirmed')],
  };

  it('puts the ledger only if it still holds the version read, then one ADD per moved row', () => {
    const items = changeTransaction(
      'views',
      { version: 1, contributions: [customer('created', 5), global('created')] },
      after,
    );
    expect(items).toHaveLength(3);
    expect(items[0]?.Put?.ConditionExpression).toBe('#v = :held');
    expect(items[0]?.Put?.ExpressionAttributeValues).toEqual({ ':held': { N: '1' } });
    expect(items[1]?.Update?.UpdateExpression).toBe('ADD #a0 :d0, #a1 :d1, #a2 :d2, #a3 :d3');
    expect(new Set(items.map((i) => JSON.stringify(i.Put?.Item?.['pk'] ?? i.Update?.Key?.['pk']))).size).toBe(
      3,
    );
  });

  it('creates the ledger only where none exists', () => {
    const items = changeTransaction('views', { contributions: [] }, { ...after, version: 1 });
    expect(items[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(#k)');
  });

  it('refuses a change needing more than 100 actions, naming the limit', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ ...global('created'), view: `v${i}` }));
    expect(() =>
      changeTransaction('views', { contributions: [] }, { ...after, contributions: many }),
    ).toThrow('needs 121 transaction actions; DynamoDB allows 100');
  });
});

describe('Function: classifyWriteFailure', () => {
  const cancelled = (...codes: string[]) =>
    new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: codes.map((Code) => ({ Code })),
    });

  it('reads a failed ledger condition as moved, a conflict or throttling as busy, a validation error as refused', () => {
    expect(classifyWriteFailure(cancelled('ConditionalCheckFailed', 'None'))).toEqual({ kind: 'moved' });
    expect(classifyWriteFailure(cancelled('None', 'TransactionConflict'))).toEqual({
      kind: 'busy',
      reason: 'TransactionConflict',
    });
    expect(classifyWriteFailure(cancelled('ThrottlingError'))).toEqual({
      kind: 'busy',
      reason: 'ThrottlingError',
    });
    expect(classifyWriteFailure(cancelled('ValidationError'))).toMatchObject({ kind: 'refused' });
    expect(
      classifyWriteFailure(Object.assign(new Error('x'), { name: 'ProvisionedThroughputExceededException' })),
    ).toEqual({
      kind: 'busy',
      reason: 'ProvisionedThroughputExceededException',
    });
    expect(classifyWriteFailure(new Error('socket hang up'))).toBeUndefined();
  });
});
