import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbLocalEndpoint } from '@outflow/dynamodb-local/testing';
import { ordersViewDefinition } from '@outflow/orders';
import { sampleOrderState } from '@outflow/orders/testing';
import { describeProjectionStoreContract, describeViewReaderContract, makeEvent } from '@outflow/testing';
import { DynamoDbViewsStore } from './dynamodb-views-store';
import { ensureViewsTable } from './table';
import { DynamoDbViewReader } from './view-reader';

const client = () =>
  new DynamoDBClient({
    endpoint: dynamoDbLocalEndpoint(),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

const openStore = async (tableName: string) => {
  const dynamo = client();
  await ensureViewsTable(dynamo, tableName);
  return new DynamoDbViewsStore({ client: dynamo, tableName, definitions: [ordersViewDefinition] });
};

describeProjectionStoreContract('DynamoDbViewsStore on DynamoDB Local', {
  open: () => openStore('views-contract'),
  fixture: {
    aggregateType: 'order',
    stateFor: (id, version) => ({ ...sampleOrderState(id, version) }),
    // parseOrderState refuses a status no order has (the same reason at every version).
    poisonStateFor: (id, version) => ({ ...sampleOrderState(id, version), status: 'lost' }),
  },
  propertyRuns: 8,
  poisonPropertyRuns: 20,
  timeoutMs: 120_000,
});

describeViewReaderContract('DynamoDbViewReader on DynamoDB Local', {
  open: async (definition) => {
    const dynamo = client();
    await ensureViewsTable(dynamo, 'views-reader-contract');
    const tableName = 'views-reader-contract';
    return {
      store: new DynamoDbViewsStore({ client: dynamo, tableName, definitions: [definition] }),
      reader: new DynamoDbViewReader({ client: dynamo, tableName, definitions: [definition] }),
    };
  },
});

describe('Class: DynamoDbViewsStore (view rows)', () => {
  const order = (id: string, version: number, overrides: Parameters<typeof sampleOrderState>[2] = {}) =>
    makeEvent('order', id, version, { state: { ...sampleOrderState(id, version, overrides) } });

  it('moves a cancelled order to cancelled, removes a deleted one, and keeps totals per currency', async () => {
    // Prepare
    const store = await openStore('views-rows');
    const reader = new DynamoDbViewReader({
      client: client(),
      tableName: 'views-rows',
      definitions: [ordersViewDefinition],
    });
    const customer = { customerId: 'c-rows' };
    const eur = sampleOrderState('a', 2).totalCents;
    // Act: a (EUR) created then cancelled; b (USD) created then confirmed; c created then deleted.
    await store.apply([
      order('a', 1, customer),
      order('b', 1, { ...customer, currency: 'USD' }),
      order('c', 1, customer),
    ]);
    await store.apply([
      order('a', 2, { ...customer, status: 'cancelled' }),
      order('b', 2, { ...customer, currency: 'USD' }),
    ]);
    await store.apply([makeEvent('order', 'c', 2, { deleted: true })]);
    // Re-deliveries change nothing.
    await store.apply([order('a', 2, { ...customer, status: 'cancelled' }), order('c', 1, customer)]);
    // Assess
    expect(await reader.readRow('order', 'customer-orders', 'c-rows')).toEqual({
      groups: {
        cancelled: { count: 1, totals: { EUR: eur } },
        confirmed: { count: 1, totals: { USD: sampleOrderState('b', 2).totalCents } },
      },
    });
    expect(await reader.readRow('order', 'orders-by-status')).toEqual({
      groups: { cancelled: { count: 1, totals: {} }, confirmed: { count: 1, totals: {} } },
    });
    expect(await store.read('order', 'c')).toEqual({ kind: 'tombstone', version: 2 });
  });

  it('names a cursor it did not give', async () => {
    const store = await openStore('views-rows');
    await expect(store.list({ aggregateType: 'order', limit: 10, cursor: 'nope' })).rejects.toThrow(
      'cursor: expected the nextCursor of a previous page of this store',
    );
  });
});
