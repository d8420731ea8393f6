import { ApplyChanges, randomIds, systemClock, type OutboxStore } from '@outflow/core-application';
import { createClient, createStreamsClient, ensureTable } from '@outflow/dynamodb-local';
import { dynamoDbLocalEndpoint } from '@outflow/dynamodb-local/testing';
import { DynamoDbOutboxStore, outboxTable } from '@outflow/dynamodb-outbox';
import { CancelOrder, ConfirmOrder, CreateOrder, ShipOrder } from '@outflow/orders';
import { createTestLegacyDatabase, type TestLegacyDatabase } from '@outflow/prisma-legacy-projection/testing';
import { createSqsApplyHandler, silentLogger } from '@outflow/runtime-lambda';
import {
  DynamoDbStreamReader,
  InMemoryCheckpointStore,
  InMemoryDeadLetters,
  LocalRuntime,
  type LocalRuntimeOptions,
  type LocalSubscription,
  type SqsHandler,
} from '@outflow/runtime-local';
import { InMemoryProjectionStore, makeEvent } from '@outflow/testing';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { outflowTopology } from '@outflow/topology';
import { APPS_DIRS, REPO_ROOT } from '../dev/dev-environment';
import { loadLocalSubscriptionFactory } from '../dev/local-apps';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

/** This spec drives the legacy-rdb leg only: the topology without the other subscriptions. */
const legacyOnly = {
  ...outflowTopology,
  subscriptions: outflowTopology.subscriptions.filter((s) => s.name === 'legacy-rdb'),
};

const seeded = (seed: number) => () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const repoRoot = resolve(__dirname, '../../../..');

/** Drives the orders-service use cases: creates `count` orders and moves them through their lifecycle. */
async function writeOrders(store: OutboxStore, count: number, random: () => number): Promise<string[]> {
  const deps = { store, clock: systemClock, ids: randomIds };
  const create = new CreateOrder(deps);
  const steps = [new ConfirmOrder(deps), new ShipOrder(deps)];
  const cancel = new CancelOrder(deps);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const orderId = `e2e-${Date.now().toString(36)}-${i}`;
    const created = await create.execute({
      orderId,
      customerId: `c-${i % 7}`,
      currency: 'EUR',
      items: [{ sku: `SKU-${i}`, quantity: 1 + (i % 3), unitPriceCents: 100 + i }],
    });
    if (!created.ok) throw new Error(created.error.message);
    ids.push(orderId);
  }
  // Interleave the later changes across orders, as concurrent users would.
  for (const step of steps) {
    for (const orderId of ids) {
      if (random() < 0.15) await cancel.execute({ orderId });
      else await step.execute({ orderId });
    }
  }
  return ids;
}

describe('E2E: orders → DynamoDB Local stream → local runtime (Pipe, bus, FIFO queue) → downstream', () => {
  const client = createClient(dynamoDbLocalEndpoint());
  const streams = createStreamsClient(dynamoDbLocalEndpoint());
  afterAll(() => {
    client.destroy();
    streams.destroy();
  });

  async function pipeline(handler: SqsHandler, faults: LocalRuntimeOptions['faults']) {
    const tableName = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    const { streamArn } = await ensureTable(client, outboxTable(tableName));
    const store = new DynamoDbOutboxStore({ tableName, client });
    const deadLetters = new InMemoryDeadLetters();
    const runtime = new LocalRuntime({
      topology: legacyOnly,
      sources: {
        orders: {
          reader: new DynamoDbStreamReader(streams, streamArn as string),
          checkpoints: new InMemoryCheckpointStore(),
        },
      },
      handlers: { 'legacy-rdb': handler },
      deadLetters,
      // AWS time × 0.02: polling every 5 ms, a crashed batch back after 3.6 s (visibility 180 s).
      timeScale: 0.02,
      ...(faults ? { faults } : {}),
    });
    return { store, runtime, deadLetters, tableName };
  }

  it('converges in an in-memory downstream with duplicates and reordering injected at the bus', async () => {
    const random = seeded(11);
    const projection = new InMemoryProjectionStore();
    const { store, runtime, deadLetters } = await pipeline(
      createSqsApplyHandler(new ApplyChanges(projection), { logger: silentLogger }),
      {
        bus: { duplicateRate: 0.3, reorder: true, random },
        crashAfterHandlerRate: 0.1,
        random,
      },
    );
    runtime.start();
    const ids = await writeOrders(store, 30, random);
    await runtime.waitForIdle({ timeoutMs: 60_000 });
    await runtime.stop();
    for (const orderId of ids) {
      const source = await store.load('order', orderId);
      expect(await projection.read('order', orderId)).toEqual({
        kind: 'present',
        version: source?.version,
        state: source?.state,
      });
    }
    expect(runtime.stats().bus.duplicatesInjected).toBeGreaterThan(0);
    expect(deadLetters.list()).toEqual([]);
  });

  describe('into the legacy database through the legacy-rdb-sync Lambda handler', () => {
    let db: TestLegacyDatabase;
    const consumers: LocalSubscription[] = [];
    const legacyConsumer = async () => {
      const subscription = outflowTopology.subscriptions.find((s) => s.name === 'legacy-rdb')!;
      const consumer = await loadLocalSubscriptionFactory(
        subscription,
        APPS_DIRS,
      )({
        subscription,
        dataDir: tmpdir(),
        repoRoot: REPO_ROOT,
        dynamoDbEndpoint: dynamoDbLocalEndpoint(),
        env: db.environment,
        purpose: 'run',
        log: () => undefined,
        warn: () => undefined,
      });
      consumers.push(consumer);
      return consumer;
    };
    beforeAll(async () => {
      db = await createTestLegacyDatabase(
        { dir: resolve(repoRoot, 'prisma') },
        process.env['DATABASE_URL']
          ? { kind: 'postgres', serverUrl: process.env['DATABASE_URL'] }
          : { kind: 'pglite' },
      );
    });
    afterAll(async () => {
      for (const consumer of consumers) await consumer.dispose();
      await db?.destroy();
    });

    it('lands every order in the legacy tables, converging under duplicates and reordering', async () => {
      // legacy-rdb-sync's consumer as `npm start` plugs it in (its ./local entry), on the test database.
      const { handler } = await legacyConsumer();
      const random = seeded(5);
      const { store, runtime, deadLetters } = await pipeline(handler, {
        bus: { duplicateRate: 0.3, reorder: true, random },
        random,
      });
      runtime.start();
      const ids = await writeOrders(store, 20, random);
      await runtime.waitForIdle({ timeoutMs: 90_000 });
      await runtime.stop();
      const rows = await db.sql.$queryRawUnsafe<
        { id: string; status: string; total: string; version: number }[]
      >(
        `SELECT o.id, o.status, o.total_amount::text AS total, v.version::int AS version FROM orders o JOIN outflow_projection_versions v ON v.aggregate_type = 'order' AND v.aggregate_id = o.id WHERE o.id = ANY($1) ORDER BY o.id`,
        ids,
      );
      const expected = [];
      for (const orderId of [...ids].sort()) {
        const source = await store.load('order', orderId);
        const state = source?.state as { status: string; totalCents: number };
        expected.push({
          id: orderId,
          status: state.status,
          total: (state.totalCents / 100).toFixed(2),
          version: source?.version,
        });
      }
      expect(rows).toEqual(expected);
      expect(deadLetters.list()).toEqual([]);
    });

    it('sends poison changes to the DLQ with a clear reason while the rest of their batch applies', async () => {
      const { handler } = await legacyConsumer();
      const { store, runtime, deadLetters, tableName } = await pipeline(handler, undefined);
      const tag = Date.now().toString(36);
      const order = (orderId: string, overrides: Record<string, unknown> = {}) => {
        const state = {
          orderId,
          customerId: 'c-1',
          status: 'created',
          currency: 'EUR',
          items: [{ sku: 'A', quantity: 1, unitPriceCents: 100 }],
          totalCents: 100,
          createdAt: '2026-11-23T10:00:00.000Z',
          updatedAt: '2026-11-23T10:00:00.000Z',
          ...overrides,
        };
        return {
          aggregateType: 'order',
          aggregateId: orderId,
          expectedVersion: 0,
          state,
          events: [makeEvent('order', orderId, 1, { state })],
        };
      };
      const good = [`poison-ok-1-${tag}`, `poison-ok-2-${tag}`];
      runtime.start();
      await store.save(order(good[0] as string));
      // 1. not a valid outbox event (the item carries one, so the Pipe's filter lets it through)
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            pk: { S: `order#invalid-${tag}` },
            sk: { S: 'AGGREGATE' },
            outboxEventId: { S: `invalid-${tag}` },
            outboxEventType: { S: 'order.created' },
            outboxAggregateType: { S: 'order' },
            outboxAggregateId: { S: `invalid-${tag}` },
            outboxAggregateVersion: { N: '1' },
            outboxEvent: { S: '{"eventId": 1}' },
          },
        }),
      );
      // 2. an aggregate type the legacy database has no mapping for
      await store.save({
        ...order(`invoice-${tag}`),
        aggregateType: 'invoice',
        events: [makeEvent('invoice', `invoice-${tag}`, 1, { state: { amount: 1 } })],
      });
      // 3. a value past ORDER_LIMITS (DECIMAL(12,2)): refused by the one Order parser, before the database
      await store.save(
        order(`too-large-${tag}`, {
          items: [{ sku: 'BIG', quantity: 1, unitPriceCents: 10 ** 14 }],
          totalCents: 10 ** 14,
        }),
      );
      await store.save(order(good[1] as string));
      await runtime.waitForIdle({ timeoutMs: 60_000 });
      await runtime.stop();

      const reasons = Object.fromEntries(
        deadLetters.list().map((d) => {
          // per-aggregate: the FIFO queue holds the re-keying Pipe's {"detail": …}
          const body = JSON.parse((d.payload as { body: string }).body) as {
            detail: { aggregateId: string };
          };
          return [body.detail.aggregateId, d.reason];
        }),
      );
      expect(reasons).toEqual({
        [`invalid-${tag}`]: expect.stringContaining('outbox event is invalid'),
        [`invoice-${tag}`]: 'no legacy mapping for aggregate type "invoice" (known: order)',
        [`too-large-${tag}`]: expect.stringContaining(
          'items[0].unitPriceCents: must be at most 999999999999',
        ),
      });
      const rows = await db.sql.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM orders WHERE id LIKE $1 ORDER BY id`,
        `%${tag}`,
      );
      expect(rows.map((r) => r.id)).toEqual([...good].sort());
    });
  });
});
