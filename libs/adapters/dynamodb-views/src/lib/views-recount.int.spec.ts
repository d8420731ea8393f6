// The views must equal a recount of the source, whatever the delivery: histories of many orders
// (create, confirm, ship, cancel, delete) delivered with duplicates, in random order and random
// batches, by 4 concurrent appliers, each with its own client (as 4 Lambda instances would be).
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import type { ViewRow } from '@outflow/core-application';
import type { OutboxEvent } from '@outflow/core-domain';
import { dynamoDbLocalEndpoint } from '@outflow/dynamodb-local/testing';
import { ordersViewDefinition, type OrderState, type OrderStatus } from '@outflow/orders';
import { sampleOrderState } from '@outflow/orders/testing';
import { makeEvent } from '@outflow/testing';
import fc from 'fast-check';
import { DynamoDbViewsStore } from './dynamodb-views-store';
import { ensureViewsTable } from './table';
import { DynamoDbViewReader } from './view-reader';

const ORDERS = 160;
const APPLIERS = 4;
const CUSTOMERS = ['c-1', 'c-2', 'c-3', 'c-4', 'c-5'];
const CURRENCIES = ['EUR', 'USD', 'GBP'];
const PATHS: ReadonlyArray<readonly (OrderStatus | 'delete')[]> = [
  ['created'],
  ['created', 'confirmed'],
  ['created', 'confirmed', 'shipped'],
  ['created', 'cancelled'],
  ['created', 'confirmed', 'cancelled'],
  ['created', 'delete'],
  ['created', 'confirmed', 'cancelled', 'delete'],
  ['created', 'confirmed', 'shipped', 'delete'],
];

const client = () =>
  new DynamoDBClient({
    endpoint: dynamoDbLocalEndpoint(),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** One order's history: its events, and its final state (`undefined`: deleted). */
function historyOf(orderId: string, pick: number): { events: OutboxEvent[]; last?: OrderState } {
  const path = PATHS[pick % PATHS.length] ?? ['created'];
  const fixed = {
    customerId: CUSTOMERS[pick % CUSTOMERS.length] as string,
    currency: CURRENCIES[pick % CURRENCIES.length] as string,
  };
  const base = sampleOrderState(orderId, 1 + (pick % 3), fixed);
  const states = path.map((step, i) =>
    step === 'delete'
      ? undefined
      : { ...base, status: step, updatedAt: new Date(Date.UTC(2026, 10, 2, 0, 0, i)).toISOString() },
  );
  const events = states.map((state, i) =>
    state
      ? makeEvent('order', orderId, i + 1, { state: { ...state } })
      : makeEvent('order', orderId, i + 1, { deleted: true }),
  );
  return { events, last: states[states.length - 1] };
}

/** The source table: each order's final state (deleted orders absent), as the service's table holds it. */
async function writeSource(
  dynamo: DynamoDBClient,
  table: string,
  finals: readonly OrderState[],
): Promise<void> {
  await dynamo.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
    }),
  );
  for (let i = 0; i < finals.length; i += 25) {
    const put = finals.slice(i, i + 25).map((s) => ({
      PutRequest: {
        Item: {
          orderId: { S: s.orderId },
          customerId: { S: s.customerId },
          status: { S: s.status },
          currency: { S: s.currency },
          totalCents: { N: String(s.totalCents) },
        },
      },
    }));
    await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: put } }));
  }
}

/** Recounts the views from a scan of the source table. */
async function recount(dynamo: DynamoDBClient, table: string) {
  const customers = new Map<string, Record<string, { count: number; totals: Record<string, number> }>>();
  const global: Record<string, { count: number; totals: Record<string, number> }> = {};
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const [customer, status, currency] = [
        item['customerId']?.S,
        item['status']?.S,
        item['currency']?.S,
      ] as string[];
      const row = customers.get(customer as string) ?? {};
      customers.set(customer as string, row);
      const group = (row[status as string] ??= { count: 0, totals: {} });
      group.count += 1;
      group.totals[currency as string] =
        (group.totals[currency as string] ?? 0) + Number(item['totalCents']?.N);
      (global[status as string] ??= { count: 0, totals: {} }).count += 1;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { customers, global };
}

describe('DynamoDbViewsStore: views equal a recount of the source', () => {
  it(`after ${ORDERS} orders' histories delivered with duplicates, shuffled, in random batches, by ${APPLIERS} concurrent appliers`, async () => {
    // Prepare: histories, and a delivery: every event once, 40% again, shuffled, cut in batches of 1–10.
    const seed = Date.now();
    const [picks, duplicates, order, cuts] = fc.sample(
      fc.tuple(
        fc.array(fc.nat(1000), { minLength: ORDERS, maxLength: ORDERS }),
        fc.array(fc.boolean(), { minLength: 1000, maxLength: 1000 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2000, maxLength: 2000 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2000, maxLength: 2000 }),
      ),
      { numRuns: 1, seed },
    )[0] as [number[], boolean[], number[], number[]];
    const histories = picks.map((pick, i) => historyOf(`o-${seed}-${i}`, pick));
    const events = histories.flatMap((h) => h.events);
    const delivered = [...events, ...events.filter((_, i) => duplicates[i % duplicates.length] && i % 5 < 2)]
      .map((event, i) => ({ event, key: order[i % order.length] as number }))
      .sort((a, b) => a.key - b.key)
      .map((d) => d.event);
    const batches: OutboxEvent[][] = [];
    for (let i = 0, c = 0; i < delivered.length; c += 1) {
      const size = cuts[c % cuts.length] as number;
      batches.push(delivered.slice(i, i + size));
      i += size;
    }
    const table = `views-recount-${seed}`;
    const dynamo = client();
    await ensureViewsTable(dynamo, table);
    await writeSource(
      dynamo,
      `${table}-source`,
      histories.flatMap((h) => (h.last ? [h.last] : [])),
    );
    // Act: 4 appliers, each with its own client, taking batches from one queue.
    const queue = [...batches];
    const outcomes: string[] = [];
    await Promise.all(
      Array.from({ length: APPLIERS }, async () => {
        const store = new DynamoDbViewsStore({
          client: client(),
          tableName: table,
          definitions: [ordersViewDefinition],
        });
        for (let batch = queue.shift(); batch; batch = queue.shift())
          outcomes.push(...(await store.apply(batch)).map((o) => o.kind));
      }),
    );
    // Assess: nothing failed, and every view row equals the recount (per currency).
    expect(outcomes.filter((o) => o === 'failed')).toEqual([]);
    expect(outcomes.filter((o) => o === 'applied').length).toBeLessThanOrEqual(events.length);
    const expected = await recount(dynamo, `${table}-source`);
    const reader = new DynamoDbViewReader({
      client: dynamo,
      tableName: table,
      definitions: [ordersViewDefinition],
    });
    const rows: Record<string, ViewRow['groups']> = {};
    for (const customer of CUSTOMERS)
      rows[customer] = (await reader.readRow('order', 'customer-orders', customer)).groups;
    expect({ customers: rows, global: (await reader.readRow('order', 'orders-by-status')).groups }).toEqual({
      customers: Object.fromEntries(CUSTOMERS.map((c) => [c, expected.customers.get(c) ?? {}])),
      global: expected.global,
    });
  }, 120_000);
});
