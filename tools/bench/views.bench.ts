// Issue 16's benchmark: order changes applied per second through DynamoDbViewsStore (batches of 10,
// as views-sync's consumer calls it: a strongly consistent GetItem of the ledger, then ONE
// TransactWriteItems — ledger Put with a version condition + an ADD per moved view row) against raw
// UpdateItem ADDs of the same counters (what a CDC guide's consumer does from the stream's old and
// new images: no ledger, no condition, not exact under duplicates or reordering), on the same
// DynamoDB Local, same batches, same concurrency. Both lanes must end with the same view rows.
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { contributionsOf, type ViewContribution } from '@outflow/core-application';
import type { OutboxEvent } from '@outflow/core-domain';
import { startDynamoDbLocal } from '@outflow/dynamodb-local';
import { DynamoDbViewReader, DynamoDbViewsStore, ensureViewsTable, rowDeltas } from '@outflow/dynamodb-views';
import { CUSTOMER_ORDERS_VIEW, ORDERS_BY_STATUS_VIEW, ordersViewDefinition } from '@outflow/orders';
import { sampleOrderState } from '@outflow/orders/testing';
import { makeEvent } from '@outflow/testing';
import { machine, median, nowMs, pool, progress, round } from './bench-kit';

export interface ViewsBenchOptions {
  /** Order changes in the input (orders × versions). */
  readonly changes: number;
  readonly batchSize: number;
  /** Changes of one batch applied at once (the store's `concurrency`, the raw lane's pool). */
  readonly concurrency: number;
  readonly runs: number;
}

type Lane = 'store' | 'raw';
const CUSTOMERS = 50;
const STEPS = ['created', 'confirmed', 'shipped', 'cancelled'] as const;

/** Version 1 created, 2 confirmed, 3 shipped (every 4th order: 3 cancelled), 4 deleted (every 10th). */
function viewsInput(options: ViewsBenchOptions) {
  const versions = 4;
  const orders = Math.ceil(options.changes / versions);
  const changes: { event: OutboxEvent; before?: OutboxEvent }[] = [];
  const last = new Map<string, OutboxEvent>();
  for (let version = 1; version <= versions; version++)
    for (let o = 0; o < orders && changes.length < options.changes; o++) {
      const id = `bench-${o}`;
      const status = version === 3 && o % 4 === 0 ? 'cancelled' : STEPS[Math.min(version - 1, 2)]!;
      const event =
        version === 4
          ? o % 10 === 0
            ? makeEvent('order', id, 4, { deleted: true })
            : undefined
          : makeEvent('order', id, version, {
              state: { ...sampleOrderState(id, 1, { customerId: `customer-${o % CUSTOMERS}`, status }) },
            });
      if (!event) continue;
      changes.push({ event, before: last.get(id) });
      last.set(id, event);
    }
  const batches: (typeof changes)[] = [];
  for (let i = 0; i < changes.length; i += options.batchSize)
    batches.push(changes.slice(i, i + options.batchSize));
  return { batches, orders, changes: changes.length };
}

const contributions = (event: OutboxEvent | undefined): readonly ViewContribution[] =>
  !event || event.deleted ? [] : contributionsOf(ordersViewDefinition, event.aggregateId, event.state);

/** The raw lane: one UpdateItem ADD per view row the change moves, from the old and new images. */
async function rawApply(
  client: DynamoDBClient,
  table: string,
  change: { event: OutboxEvent; before?: OutboxEvent },
) {
  const deltas = rowDeltas('order', contributions(change.before), contributions(change.event));
  for (const [key, attributes] of deltas) {
    const entries = [...attributes];
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: key } },
        UpdateExpression: `ADD ${entries.map((_, i) => `#a${i} :d${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(
          entries.map(([, d], i) => [`:d${i}`, { N: String(d) }]),
        ),
      }),
    );
  }
}

async function runLane(
  lane: Lane,
  client: DynamoDBClient,
  input: ReturnType<typeof viewsInput>,
  options: ViewsBenchOptions,
  label: string,
) {
  const table = `bench-${lane}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await ensureViewsTable(client, table);
  const store = new DynamoDbViewsStore({
    client,
    tableName: table,
    definitions: [ordersViewDefinition],
    concurrency: options.concurrency,
  });
  const show = progress(label);
  const started = nowMs();
  for (let i = 0; i < input.batches.length; i++) {
    const batch = input.batches[i]!;
    if (lane === 'store') {
      const outcomes = await store.apply(batch.map((c) => c.event));
      const bad = outcomes.find((o) => o.kind !== 'applied');
      if (bad) throw new Error(`store lane: a change was not applied: ${JSON.stringify(bad)}`);
    } else await pool(batch, options.concurrency, (change) => rawApply(client, table, change));
    show(i + 1, input.batches.length);
  }
  const seconds = (nowMs() - started) / 1000;
  const reader = new DynamoDbViewReader({ client, tableName: table, definitions: [ordersViewDefinition] });
  const rows = await Promise.all(
    Array.from({ length: CUSTOMERS }, (_, c) =>
      reader.readRow('order', CUSTOMER_ORDERS_VIEW, `customer-${c}`),
    ),
  );
  const global = await reader.readRow('order', ORDERS_BY_STATUS_VIEW);
  return { changesPerSecond: input.changes / seconds, seconds, views: JSON.stringify({ rows, global }) };
}

export async function viewsBench(options: ViewsBenchOptions) {
  const input = viewsInput(options);
  const dynamo = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const lanes: Lane[] = ['store', 'raw'];
  const runs: Record<Lane, { changesPerSecond: number; seconds: number }[]> = { store: [], raw: [] };
  const views = new Set<string>();
  try {
    // Warm up both lanes on the whole input (JIT, sockets, DynamoDB Local's JVM); not counted.
    for (const lane of lanes) await runLane(lane, client, input, options, `${lane} warm-up`);
    // Interleave the lanes so drift of the machine's load hits them alike.
    for (let run = 0; run < options.runs; run++)
      for (const lane of lanes) {
        const result = await runLane(lane, client, input, options, `${lane} run ${run + 1}/${options.runs}`);
        runs[lane].push({
          changesPerSecond: round(result.changesPerSecond),
          seconds: round(result.seconds, 2),
        });
        views.add(result.views);
      }
  } finally {
    client.destroy();
    await dynamo.stop();
  }
  if (views.size !== 1)
    throw new Error(`the lanes ended with different view rows (${views.size} different results)`);
  const store = round(median(runs.store.map((r) => r.changesPerSecond)));
  const raw = round(median(runs.raw.map((r) => r.changesPerSecond)));
  return {
    benchmark: 'views',
    what: `DynamoDbViewsStore.apply (batches of ${options.batchSize}, ${options.concurrency} changes at once: GetItem of the ledger + one TransactWriteItems per change) vs raw UpdateItem ADDs of the same counters (one per moved row, no ledger), same batches and concurrency`,
    endpoint: 'DynamoDB Local (in memory), started by the benchmark',
    scope:
      'DynamoDB Local runs on SQLite in one JVM: it measures request count and Outflow’s client-side work, not DynamoDB’s partitions or its 2× WCU cost of transactional writes (README, "Views in DynamoDB")',
    input: {
      changes: input.changes,
      orders: input.orders,
      customers: CUSTOMERS,
      batchSize: options.batchSize,
      runs: options.runs,
    },
    changesPerSecond: { store, raw },
    runs,
    ratio: {
      storeVsRaw: round(store / raw, 2),
      perRun: runs.store.map((r, i) => round(r.changesPerSecond / runs.raw[i]!.changesPerSecond, 2)),
    },
    sameViews: true,
    machine: machine(),
    at: new Date().toISOString(),
  };
}
