// One set of limits, end to end: every field of an order, at its limit, goes from orders-service's
// HTTP API (the very Lambda handlers) through DynamoDB Local's stream, the local runtime (Pipe, bus,
// FIFO queue) and legacy-rdb-sync's handler into the legacy tables, which then hold exactly that
// value; one past the limit, the API answers 400 naming the field and nothing is written.
// Deletion too: DELETE /orders/{id} removes the legacy rows and `outflow show` reports the order
// deleted on both sides.
import { createClient, createStreamsClient, ensureTable } from '@outflow/dynamodb-local';
import { dynamoDbLocalEndpoint } from '@outflow/dynamodb-local/testing';
import { DynamoDbOutboxStore, outboxTable } from '@outflow/dynamodb-outbox';
import { createTestLegacyDatabase, type TestLegacyDatabase } from '@outflow/prisma-legacy-projection/testing';
import {
  DynamoDbStreamReader,
  InMemoryCheckpointStore,
  InMemoryDeadLetters,
  LocalRuntime,
  serveHttpApi,
  type HttpApiRoute,
  type LocalSubscription,
  type ServedHttpApi,
} from '@outflow/runtime-local';
import { outflowTopology } from '@outflow/topology';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APPS_DIRS, REPO_ROOT } from '../dev/dev-environment';
import { loadLocalSubscriptionFactory } from '../dev/local-apps';
import type { OrderComparison } from '../dev/order-comparison';
import { showOrderRoute } from '../dev/show-order-route';

/** This spec drives the legacy-rdb leg only: the topology without the other subscriptions. */
const legacyOnly = {
  ...outflowTopology,
  subscriptions: outflowTopology.subscriptions.filter((s) => s.name === 'legacy-rdb'),
};

interface Line {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}
interface OrderBody {
  orderId: string;
  customerId: string;
  currency: string;
  items: Line[];
}

const tag = Date.now().toString(36);
const line = (unitPriceCents: number, quantity = 1, sku = 'SKU-1'): Line => ({
  sku,
  quantity,
  unitPriceCents,
});
let serial = 0;
const body = (label: string, overrides: Partial<OrderBody> = {}): OrderBody => ({
  orderId: `lim-${label}-${(serial += 1)}-${tag}`,
  customerId: 'c-1',
  currency: 'EUR',
  items: [line(100)],
  ...overrides,
});
/** Exact decimal text of integer cents, as PostgreSQL prints a DECIMAL(12,2). */
const decimal = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const text = (n: number, seed: string) => seed.repeat(Math.ceil(n / seed.length)).slice(0, n);

/** Each field of the order state the API takes: at its limit (accepted) and one past it (400 naming it). */
const fields: { field: string; atLimit: OrderBody; pastLimit: OrderBody[]; path: string }[] = [
  {
    field: 'orderId: 100 characters (VARCHAR(100))',
    atLimit: body('id', { orderId: `lim-id-${tag}-`.padEnd(100, 'x') }),
    pastLimit: [body('id', { orderId: `lim-id-${tag}-`.padEnd(101, 'x') })],
    path: 'orderId',
  },
  {
    field: 'customerId: 64 code units of any Unicode but controls (VARCHAR(64))',
    atLimit: body('customer', { customerId: `Kundin-ü-€-😀-${text(64, 'k')}`.slice(0, 64) }),
    pastLimit: [
      body('customer', { customerId: text(65, 'c') }),
      body('customer', { customerId: text(70, 'c') }),
      body('customer', { customerId: 'c-\u0000' }),
    ],
    path: 'customerId',
  },
  {
    field: 'currency: 3 upper-case letters (CHAR(3))',
    atLimit: body('currency', { currency: 'XTS' }),
    pastLimit: [body('currency', { currency: 'EURO' })],
    path: 'currency',
  },
  {
    field: 'items: 100 lines',
    atLimit: body('lines', { items: Array.from({ length: 100 }, (_, i) => line(1 + i, 1, `S-${i}`)) }),
    pastLimit: [body('lines', { items: Array.from({ length: 101 }, (_, i) => line(1, 1, `S-${i}`)) })],
    path: 'items',
  },
  {
    field: 'items[].sku: 64 characters (VARCHAR(64))',
    atLimit: body('sku', { items: [line(1, 1, text(64, 'sku-ß-'))] }),
    pastLimit: [
      body('sku', { items: [line(1, 1, text(65, 's'))] }),
      body('sku', { items: [line(1, 1, 'a\tb')] }),
    ],
    path: 'items[0].sku',
  },
  {
    field: 'items[].quantity: 2,147,483,647 (INTEGER)',
    atLimit: body('quantity', { items: [line(1, 2_147_483_647)] }),
    pastLimit: [body('quantity', { items: [line(1, 2_147_483_648)] })],
    path: 'items[0].quantity',
  },
  {
    field: 'items[].unitPriceCents: 999,999,999,999 (DECIMAL(12,2))',
    atLimit: body('price', { items: [line(999_999_999_999)] }),
    pastLimit: [body('price', { items: [line(1_000_000_000_000)] })],
    path: 'items[0].unitPriceCents',
  },
  {
    field: 'a line total quantity × unitPriceCents: 999,999,999,999 (line_total DECIMAL(12,2))',
    atLimit: body('line-total', { items: [line(333_333_333_333, 3)] }),
    pastLimit: [body('line-total', { items: [line(500_000_000_000, 2)] })],
    path: 'items[0]',
  },
  {
    field: 'totalCents: 999,999,999,999 (total_amount DECIMAL(12,2))',
    atLimit: body('total', { items: [line(999_999_999_998), line(1, 1, 'SKU-2')] }),
    pastLimit: [body('total', { items: [line(999_999_999_999), line(1, 1, 'SKU-2')] })],
    path: 'items',
  },
];

describe('E2E: one set of limits, API → DynamoDB Local → local runtime → legacy-rdb-sync → legacy tables', () => {
  const client = createClient(dynamoDbLocalEndpoint());
  const streams = createStreamsClient(dynamoDbLocalEndpoint());
  let db: TestLegacyDatabase;
  let consumer: LocalSubscription;
  let runtime: LocalRuntime;
  let api: ServedHttpApi;
  const deadLetters = new InMemoryDeadLetters();

  const call = async (method: string, path: string, payload?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const show = async (orderId: string) =>
    (await call('GET', `/_outflow/orders/${encodeURIComponent(orderId)}`)).body as unknown as OrderComparison;
  const sql = <T>(query: string, ...values: unknown[]) => db.sql.$queryRawUnsafe<T[]>(query, ...values);

  beforeAll(async () => {
    db = await createTestLegacyDatabase(
      { dir: resolve(REPO_ROOT, 'prisma') },
      process.env['DATABASE_URL']
        ? { kind: 'postgres', serverUrl: process.env['DATABASE_URL'] }
        : { kind: 'pglite' },
    );
    const subscription = outflowTopology.subscriptions.find((s) => s.name === 'legacy-rdb')!;
    consumer = await loadLocalSubscriptionFactory(
      subscription,
      APPS_DIRS,
    )({
      subscription,
      dataDir: tmpdir(),
      repoRoot: REPO_ROOT,
      dynamoDbEndpoint: dynamoDbLocalEndpoint(),
      env: db.environment, // LOG_LEVEL: silent unless OUTFLOW_TEST_LOGS=1 (tools/jest/quiet-logs.cjs)
      purpose: 'run',
      log: () => undefined,
      warn: () => undefined,
    });
    const tableName = `limits-${tag}`;
    const { streamArn } = await ensureTable(client, outboxTable(tableName));
    runtime = new LocalRuntime({
      topology: legacyOnly,
      sources: {
        orders: {
          reader: new DynamoDbStreamReader(streams, streamArn as string),
          checkpoints: new InMemoryCheckpointStore(),
        },
      },
      handlers: { 'legacy-rdb': consumer.handler },
      deadLetters,
      timeScale: 0.02,
    });
    runtime.start();
    // orders-service's Lambda handlers read their settings from the environment, as on AWS.
    process.env['TABLE_NAME'] = tableName;
    process.env['DYNAMODB_ENDPOINT'] = dynamoDbLocalEndpoint();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an app's module, loaded by path
    const { routes } = require(join(REPO_ROOT, 'apps/orders-service/src/routes')) as {
      routes: readonly HttpApiRoute[];
    };
    const source = new DynamoDbOutboxStore({ tableName, client });
    api = await serveHttpApi({
      routes: [...routes, showOrderRoute(source, { 'legacy-rdb': consumer }, () => deadLetters.list())],
      port: 0,
    });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await runtime?.stop();
    await consumer?.dispose();
    await db?.destroy();
    client.destroy();
    streams.destroy();
  });

  it.each(fields)('$field: at the limit the legacy rows hold exactly that value', async ({ atLimit }) => {
    // Act
    const created = await call('POST', '/orders', atLimit);
    await runtime.waitForIdle({ timeoutMs: 60_000 });
    // Assess: the rows hold each value as given; the source and the legacy side agree.
    expect(created.status).toBe(201);
    const total = atLimit.items.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
    expect(
      await sql(
        `SELECT customer_id, status, currency, total_amount::text AS total,
           to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
         FROM orders WHERE id = $1`,
        atLimit.orderId,
      ),
    ).toEqual([
      {
        customer_id: atLimit.customerId,
        status: 'created',
        currency: atLimit.currency,
        total: decimal(total),
        created_at: created.body['createdAt'],
      },
    ]);
    expect(
      await sql(
        `SELECT line_no, sku, quantity, unit_price::text AS price, line_total::text AS line_total
         FROM order_items WHERE order_id = $1 ORDER BY line_no`,
        atLimit.orderId,
      ),
    ).toEqual(
      atLimit.items.map((l, i) => ({
        line_no: i + 1,
        sku: l.sku,
        quantity: l.quantity,
        price: decimal(l.unitPriceCents),
        line_total: decimal(l.quantity * l.unitPriceCents),
      })),
    );
    expect(await show(atLimit.orderId)).toMatchObject({ agree: true, source: { version: 1 } });
    expect(deadLetters.list()).toEqual([]);
  });

  it.each(fields)(
    '$field: one past the limit the API answers 400 naming $path',
    async ({ pastLimit, path }) => {
      for (const input of pastLimit) {
        const refused = await call('POST', '/orders', input);
        expect(refused.status).toBe(400);
        expect((refused.body['issues'] as { path: string }[]).map((i) => i.path)).toEqual([path]);
      }
      await runtime.waitForIdle({ timeoutMs: 60_000 });
      const orderIds = pastLimit.map((input) => input.orderId).filter((id) => id.length <= 100);
      expect(await sql(`SELECT id FROM orders WHERE id = ANY($1::text[])`, orderIds)).toEqual([]);
    },
  );

  it('walks every status to the legacy row (VARCHAR(16)), then DELETE removes the rows and both sides report the deletion', async () => {
    // Prepare
    const [shipped, cancelled] = [body('shipped'), body('cancelled')];
    for (const order of [shipped, cancelled]) expect((await call('POST', '/orders', order)).status).toBe(201);
    await call('POST', `/orders/${shipped.orderId}/confirm`);
    await call('POST', `/orders/${shipped.orderId}/ship`);
    await call('POST', `/orders/${cancelled.orderId}/cancel`);
    await runtime.waitForIdle({ timeoutMs: 60_000 });
    expect(
      await sql(`SELECT id, status FROM orders WHERE id = ANY($1::text[]) ORDER BY status`, [
        shipped.orderId,
        cancelled.orderId,
      ]),
    ).toEqual([
      { id: cancelled.orderId, status: 'cancelled' },
      { id: shipped.orderId, status: 'shipped' },
    ]);
    // Act
    const deleted = await call('DELETE', `/orders/${shipped.orderId}`);
    await runtime.waitForIdle({ timeoutMs: 60_000 });
    // Assess
    expect(deleted).toEqual({ status: 200, body: { orderId: shipped.orderId, deleted: true, version: 4 } });
    expect(await sql(`SELECT id FROM orders WHERE id = $1`, shipped.orderId)).toEqual([]);
    expect(await sql(`SELECT sku FROM order_items WHERE order_id = $1`, shipped.orderId)).toEqual([]);
    expect(await show(shipped.orderId)).toEqual({
      orderId: shipped.orderId,
      source: { version: 4, deleted: true },
      downstreams: { 'legacy-rdb': { version: 4, deleted: true } },
      deadLettered: {},
      found: true,
      agree: true,
    });
    expect((await call('DELETE', `/orders/${shipped.orderId}`)).status).toBe(410);
    expect((await call('POST', '/orders', shipped)).status).toBe(409);
    expect(deadLetters.list()).toEqual([]);
  });
});
