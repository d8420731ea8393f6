// Issue 20's backfill benchmark: N orders in the source table (DynamoDB Local) brought into an EMPTY
// legacy PostgreSQL database two ways, side by side, on the same table and server:
//   - backfill: Outflow's backfill path — a parallel Scan (S segments, outbox items skipped), each
//     aggregate item → a change at its current version (a tombstone → a deletion) with a
//     deterministic event id → the legacy-rdb subscription's entry queue in the local runtime
//     (LocalRuntime.entryQueue: past the bus) → its real consumer (legacy-rdb-sync's ./local entry) →
//     PrismaLegacyProjection (version rows, markers, legacy rows in one statement per batch);
//   - raw: the same parallel Scan, each page's rows (the same Order legacy mapping) written with one
//     multi-row INSERT per table per page with plain `pg`, S connections — no versions, no markers.
// Both must end with the same legacy rows (a checksum is compared).
import {
  BatchWriteItemCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { sleep, type LegacyRow } from '@outflow/core-application';
import {
  OUTBOX_ATTRIBUTES,
  stringifyExactJson,
  toBusEventDetail,
  type OutboxEvent,
} from '@outflow/core-domain';
import { createClient, createStreamsClient, ensureTable, startDynamoDbLocal } from '@outflow/dynamodb-local';
import {
  AGGREGATE_ATTRIBUTES,
  AGGREGATE_SORT_KEY,
  DynamoDbOutboxStore,
  OUTBOX_KEY,
  outboxTable,
  snapshotFromItem,
} from '@outflow/dynamodb-outbox';
import { ordersLegacyMapping } from '@outflow/orders';
import { sampleOrderState } from '@outflow/orders/testing';
import { createTestLegacyDatabase } from '@outflow/prisma-legacy-projection/testing';
import {
  DynamoDbStreamReader,
  InMemoryCheckpointStore,
  InMemoryDeadLetters,
  LocalRuntime,
} from '@outflow/runtime-local';
import { makeEvent } from '@outflow/testing';
import { outflowTopology } from '@outflow/topology';
import { Pool } from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, median, nowMs, pool, progress, REPO_ROOT, round } from './bench-kit';
import { buildTopologyConsumers, disposeConsumers, handlersOf } from './topology-consumers';

export interface BackfillBenchOptions {
  /** Orders in the source table (every 20th a tombstone). */
  readonly orders: number;
  /** Parallel Scan segments (both lanes). */
  readonly segments: number;
  readonly runs: number;
  readonly serverUrl: string;
}

const TABLE = 'bench-backfill-orders';
const SUBSCRIPTION = 'legacy-rdb';
const prismaProject = { dir: join(REPO_ROOT, 'prisma') };

/** Order i: version 1–3 (sample states), every 20th deleted at its version (a tombstone). */
function sourceEvent(i: number): OutboxEvent {
  const id = `backfill-${i}`;
  const version = 1 + (i % 3);
  return i % 20 === 19
    ? makeEvent('order', id, version + 1, { deleted: true })
    : makeEvent('order', id, version, { state: { ...sampleOrderState(id, version) } });
}

/** The aggregate item DynamoDbOutboxStore writes for a change with one event (state or tombstone + the event). */
export function aggregateItem(event: OutboxEvent): Record<string, AttributeValue> {
  return {
    [OUTBOX_KEY.partition]: { S: `${event.aggregateType}#${event.aggregateId}` },
    [OUTBOX_KEY.sort]: { S: AGGREGATE_SORT_KEY },
    [AGGREGATE_ATTRIBUTES.aggregateType]: { S: event.aggregateType },
    [AGGREGATE_ATTRIBUTES.aggregateId]: { S: event.aggregateId },
    [AGGREGATE_ATTRIBUTES.version]: { N: String(event.aggregateVersion) },
    ...(event.deleted
      ? { [AGGREGATE_ATTRIBUTES.deleted]: { BOOL: true } }
      : { [AGGREGATE_ATTRIBUTES.state]: { M: marshall(event.state, { removeUndefinedValues: true }) } }),
    [OUTBOX_ATTRIBUTES.eventId]: { S: event.eventId },
    [OUTBOX_ATTRIBUTES.eventType]: { S: event.eventType },
    [OUTBOX_ATTRIBUTES.aggregateType]: { S: event.aggregateType },
    [OUTBOX_ATTRIBUTES.aggregateId]: { S: event.aggregateId },
    [OUTBOX_ATTRIBUTES.aggregateVersion]: { N: String(event.aggregateVersion) },
    [OUTBOX_ATTRIBUTES.event]: { S: stringifyExactJson(event) as string },
  };
}

/** Loads the source table with BatchWriteItem (25 items a request, 4 in flight); returns the seconds taken. */
async function loadSource(client: DynamoDBClient, orders: number): Promise<number> {
  await ensureTable(client, outboxTable(TABLE));
  const starts = Array.from({ length: Math.ceil(orders / 25) }, (_, k) => k * 25);
  const show = progress(`loading ${orders} orders into DynamoDB Local`);
  const started = nowMs();
  let loaded = 0;
  await pool(starts, 4, async (start) => {
    const puts = [];
    for (let i = start; i < Math.min(orders, start + 25); i++)
      puts.push({ PutRequest: { Item: aggregateItem(sourceEvent(i)) } });
    let request: Record<string, (typeof puts)[number][]> | undefined = { [TABLE]: puts };
    while (request && Object.keys(request).length > 0) {
      const response = await client.send(new BatchWriteItemCommand({ RequestItems: request }));
      request = response.UnprocessedItems as typeof request;
    }
    show((loaded += puts.length), orders);
  });
  const seconds = (nowMs() - started) / 1000;
  // The items must be what the store itself reads back.
  const store = new DynamoDbOutboxStore({ tableName: TABLE, client });
  const sample = await store.load('order', 'backfill-0');
  if (sample?.version !== 1)
    throw new Error(`the loaded items are not readable by DynamoDbOutboxStore: ${JSON.stringify(sample)}`);
  return seconds;
}

/** A parallel Scan of the aggregate items (outbox items skipped), page by page. */
async function scanAggregates(
  client: DynamoDBClient,
  segments: number,
  onPage: (items: Record<string, AttributeValue>[]) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: TABLE,
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey: start,
          }),
        );
        await onPage((page.Items ?? []).filter((item) => item[OUTBOX_KEY.sort]?.S === AGGREGATE_SORT_KEY));
        start = page.LastEvaluatedKey;
      } while (start);
    }),
  );
}

/** The backfill change of an aggregate item: its current version, a deterministic event id. */
function backfillEvent(item: Record<string, AttributeValue>): OutboxEvent {
  const type = item[AGGREGATE_ATTRIBUTES.aggregateType]?.S as string;
  const id = item[AGGREGATE_ATTRIBUTES.aggregateId]?.S as string;
  const snapshot = snapshotFromItem(item, type, id, TABLE);
  const eventId = `backfill:${type}:${id}:${snapshot.version}`;
  return snapshot.state === null
    ? makeEvent(type, id, snapshot.version, { deleted: true }, eventId)
    : makeEvent(type, id, snapshot.version, { state: snapshot.state }, eventId);
}

/** Legacy rows of all orders in the database: a checksum both lanes must end with. */
async function checksum(url: string): Promise<string> {
  const client = new Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await client.query<{ orders: string; items: string; total: string }>(
      'SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_items) AS items, (SELECT sum(total_amount) FROM orders)::text AS total',
    );
    return `${rows[0]?.orders} orders, ${rows[0]?.items} items, total ${rows[0]?.total}`;
  } finally {
    await client.end();
  }
}

/** `INSERT INTO table (…) VALUES (…), (…)`. */
function multiRowInsert(table: string, rows: readonly LegacyRow[]): { text: string; values: unknown[] } {
  const columns = Object.keys(rows[0] ?? {});
  const values: unknown[] = [];
  const tuples = rows.map(
    (row) => `(${columns.map((c) => (values.push(row[c]), `$${values.length}`)).join(', ')})`,
  );
  return { text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values };
}

async function rawLane(client: DynamoDBClient, url: string, options: BackfillBenchOptions, label: string) {
  const db = new Pool({ connectionString: url, max: options.segments });
  const show = progress(label);
  let done = 0;
  try {
    const started = nowMs();
    await scanAggregates(client, options.segments, async (items) => {
      const orders: LegacyRow[] = [];
      const lines: LegacyRow[] = [];
      for (const item of items) {
        const event = backfillEvent(item);
        if (event.deleted) continue;
        const rows = ordersLegacyMapping.toRows(event.aggregateId, event.state);
        if (!rows.ok) throw new Error(rows.error.message);
        orders.push(rows.value.root);
        lines.push(...(rows.value.children['order_items'] ?? []));
      }
      if (orders.length > 0) {
        const insertOrders = multiRowInsert('orders', orders);
        await db.query(insertOrders.text, insertOrders.values);
      }
      for (let i = 0; i < lines.length; i += 1000) {
        const insertLines = multiRowInsert('order_items', lines.slice(i, i + 1000));
        await db.query(insertLines.text, insertLines.values);
      }
      show((done += items.length), options.orders);
    });
    return (nowMs() - started) / 1000;
  } finally {
    await db.end();
  }
}

async function backfillLane(
  client: DynamoDBClient,
  endpoint: string,
  url: string,
  options: BackfillBenchOptions,
  label: string,
) {
  // The runtime's source: an empty table's stream (a backfill reads the table, not the stream).
  const { streamArn } = await ensureTable(
    client,
    outboxTable(`bench-backfill-empty-${Date.now().toString(36)}`),
  );
  const streams = createStreamsClient(endpoint);
  const dataDir = mkdtempSync(join(tmpdir(), 'outflow-bench-backfill-'));
  const topology = {
    ...outflowTopology,
    subscriptions: outflowTopology.subscriptions.filter((s) => s.name === SUBSCRIPTION),
  };
  const consumers = await buildTopologyConsumers(topology, {
    dataDir,
    dynamoDbEndpoint: endpoint,
    env: { ...process.env, DATABASE_URL: url },
  });
  const deadLetters = new InMemoryDeadLetters();
  const runtime = new LocalRuntime({
    topology,
    sources: {
      orders: {
        reader: new DynamoDbStreamReader(streams, streamArn as string),
        checkpoints: new InMemoryCheckpointStore(),
      },
    },
    handlers: handlersOf(consumers),
    deadLetters,
  });
  const consumer = consumers[0]!;
  const show = progress(label);
  try {
    runtime.start();
    const queue = runtime.entryQueue(SUBSCRIPTION);
    const started = nowMs();
    let sent = 0;
    // Fails instead of waiting when nothing is applied for 120 s (a stalled runtime, not a slow one).
    let last = { acked: -1, at: Date.now() };
    const check = () => {
      if (deadLetters.list().length > 0)
        throw new Error(`backfill: dead-lettered: ${deadLetters.list()[0]?.reason}`);
      if (consumer.acked !== last.acked) last = { acked: consumer.acked, at: Date.now() };
      else if (Date.now() - last.at > 120_000)
        throw new Error(
          `backfill: no change applied for 120 s (${consumer.acked} applied, ${sent} sent, entry queue depth ${queue.depth})`,
        );
      show(consumer.acked, options.orders);
    };
    await scanAggregates(client, options.segments, async (items) => {
      // Bounded: the scan waits while the entry queue holds 5,000 changes.
      while (queue.depth > 5000) {
        check();
        await sleep(20);
      }
      for (const item of items)
        queue.send({ body: stringifyExactJson(toBusEventDetail(backfillEvent(item))) as string });
      sent += items.length;
    });
    while (consumer.acked < sent) {
      check();
      await sleep(20);
    }
    show(consumer.acked, sent);
    const finished = Math.max(...consumer.applied.values());
    return (finished - started) / 1000;
  } finally {
    await runtime.stop();
    streams.destroy();
    await disposeConsumers(consumers);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Lane = 'backfill' | 'raw';

export async function backfillBench(options: BackfillBenchOptions) {
  process.env['LOG_LEVEL'] ??= 'warn';
  const dynamo = await startDynamoDbLocal();
  const client = createClient(dynamo.endpoint);
  const runs: Record<Lane, { rowsPerSecond: number; seconds: number }[]> = { backfill: [], raw: [] };
  const checksums = new Set<string>();
  let loadSeconds = 0;
  try {
    loadSeconds = await loadSource(client, options.orders);
    process.stderr.write(`  loaded ${options.orders} orders in ${loadSeconds.toFixed(1)} s\n`);
    for (let run = -1; run < options.runs; run++) {
      for (const lane of ['backfill', 'raw'] as const) {
        const db = await createTestLegacyDatabase(prismaProject, {
          kind: 'postgres',
          serverUrl: options.serverUrl,
        });
        const url = db.environment['DATABASE_URL'] as string;
        try {
          const label = run < 0 ? `${lane} warm-up` : `${lane} run ${run + 1}/${options.runs}`;
          const seconds =
            lane === 'raw'
              ? await rawLane(client, url, options, label)
              : await backfillLane(client, dynamo.endpoint, url, options, label);
          checksums.add(await checksum(url));
          if (run >= 0)
            runs[lane].push({ rowsPerSecond: round(options.orders / seconds), seconds: round(seconds, 2) });
        } finally {
          await db.destroy();
        }
      }
    }
  } finally {
    client.destroy();
    await dynamo.stop();
  }
  if (checksums.size !== 1)
    throw new Error(`the lanes ended in different legacy states: ${[...checksums].join(' | ')}`);
  const backfill = round(median(runs.backfill.map((r) => r.rowsPerSecond)));
  const raw = round(median(runs.raw.map((r) => r.rowsPerSecond)));
  return {
    benchmark: 'backfill',
    what: `${options.orders} orders (every 20th a tombstone) from DynamoDB Local into an empty legacy PostgreSQL database: Outflow's backfill path (parallel Scan, ${options.segments} segments → a change per aggregate at its version → the legacy-rdb entry queue of the local runtime → legacy-rdb-sync's consumer → PrismaLegacyProjection) vs a raw parallel Scan (${options.segments} segments) + multi-row INSERT per page with plain pg`,
    input: { orders: options.orders, segments: options.segments, runs: options.runs },
    sourceLoadSeconds: round(loadSeconds, 1),
    finalState: [...checksums][0],
    aggregatesPerSecond: { backfill, raw },
    runs,
    ratio: {
      backfillVsRaw: round(backfill / raw, 2),
      perRun: runs.backfill.map((r, i) => round(r.rowsPerSecond / runs.raw[i]!.rowsPerSecond, 2)),
    },
    target: { backfillVsRaw: '≥ 0.6' },
    met: { backfillVsRaw: backfill / raw >= 0.6 },
    machine: machine(),
    at: new Date().toISOString(),
  };
}
