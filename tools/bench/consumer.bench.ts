// Issue 5's benchmark: the legacy-rdb-sync consumer applying SQS-shaped order changes to PostgreSQL,
// side by side in one run with
//   - a Powertools baseline: @aws-lambda-powertools/batch BatchProcessor + @aws-lambda-powertools/idempotency
//     (makeIdempotent, DynamoDB persistence on DynamoDB Local), each record applied in its own pg transaction;
//   - the per-aggregate lane (issue 11): the Outflow handler behind the local FIFO queue with one
//     message group per order and maximum concurrency 4 (consumer-delivery.ts);
//   - the practical limit: a bare multi-row upsert of the same rows with plain `pg`, one transaction
//     per batch, no applied-event markers and no version guards;
//   - the strict limit: the same rows written by ONE prepared multi-row upsert per batch with plain
//     `pg` (strict-upsert.ts), autocommit, no guards and no markers — what Outflow's single
//     statement costs without its guarantees.
// Same input, same database server, same batch size; every lane starts from a fresh, migrated database.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { ApplyChanges, type LegacyRow, type LegacyRows } from '@outflow/core-application';
import { toBusEventDetail, type AggregateState } from '@outflow/core-domain';
import {
  createClient,
  ensureTable,
  startDynamoDbLocal,
  type RunningDynamoDbLocal,
} from '@outflow/dynamodb-local';
import { ordersLegacyMapping } from '@outflow/orders';
import { sampleOrderState } from '@outflow/orders/testing';
import { PrismaLegacyProjection } from '@outflow/prisma-legacy-projection';
import { createTestLegacyDatabase, type TestLegacyDatabase } from '@outflow/prisma-legacy-projection/testing';
import { createSqsApplyHandler, silentLogger } from '@outflow/runtime-lambda';
import { localLambdaContext } from '@outflow/runtime-local';
import { makeEvent, sqsRecord } from '@outflow/testing';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { Pool, type PoolClient } from 'pg';
import { join } from 'node:path';
import { machine, median, progress, REPO_ROOT, round } from './bench-kit';
import { PER_AGGREGATE_CONCURRENCY, runPerAggregate, runSequentially } from './consumer-delivery';
import { strictUpsertText, strictUpsertValues } from './strict-upsert';

export interface ConsumerBenchOptions {
  /** Order changes in the input (orders × versions). */
  readonly changes: number;
  readonly versionsPerOrder: number;
  readonly batchSize: number;
  readonly runs: number;
  readonly serverUrl: string;
}

type Lane = 'outflow' | 'perAggregate' | 'powertools' | 'bare' | 'strict';
type BatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

const prismaProject = { dir: join(REPO_ROOT, 'prisma') };

/**
 * The input: every order changes `versionsPerOrder` times; the changes arrive interleaved across
 * orders (all first versions, then all second versions, …) in SQS FIFO records, one message group
 * per order, cut into batches.
 */
function consumerInput(
  changes: number,
  versionsPerOrder: number,
  batchSize: number,
): { batches: SQSRecord[][]; orders: number } {
  const orders = Math.ceil(changes / versionsPerOrder);
  const records: SQSRecord[] = [];
  for (let version = 1; version <= versionsPerOrder; version++) {
    for (let o = 0; o < orders && records.length < changes; o++) {
      const orderId = `bench-${o}`;
      const event = makeEvent('order', orderId, version, {
        state: { ...sampleOrderState(orderId, version) },
      });
      records.push(
        sqsRecord(toBusEventDetail(event), {
          messageId: `m-${records.length}`,
          groupId: orderId,
          deduplicationId: event.eventId,
        }),
      );
    }
  }
  const batches: SQSRecord[][] = [];
  for (let i = 0; i < records.length; i += batchSize) batches.push(records.slice(i, i + batchSize));
  return { batches, orders };
}

/** The legacy rows of one change, through the same mapping Outflow uses (so every lane writes the same rows). */
function rowsOf(record: SQSRecord): { id: string; root: LegacyRow; items: readonly LegacyRow[] } {
  const detail = JSON.parse(record.body) as { aggregateId: string; event: string };
  const event = JSON.parse(detail.event) as { state: AggregateState };
  const rows = ordersLegacyMapping.toRows(detail.aggregateId, event.state);
  if (!rows.ok) throw new Error(rows.error.message);
  return { id: detail.aggregateId, root: rows.value.root, items: rows.value.children['order_items'] ?? [] };
}

/** The newest change's legacy rows per order of a batch (a multi-row upsert cannot touch one id twice). */
function newestRowsPerOrder(records: readonly SQSRecord[]): LegacyRows[] {
  const newest = new Map<string, LegacyRows>();
  for (const record of records) {
    const detail = JSON.parse(record.body) as { aggregateId: string; event: string };
    const event = JSON.parse(detail.event) as { state: AggregateState };
    const rows = ordersLegacyMapping.toRows(detail.aggregateId, event.state);
    if (!rows.ok) throw new Error(rows.error.message);
    newest.set(detail.aggregateId, rows.value);
  }
  return [...newest.values()];
}

/** `INSERT … VALUES (…), (…)` for rows of one table: the SQL text and its parameters. */
function multiRowInsert(
  table: string,
  rows: readonly LegacyRow[],
  suffix = '',
): { text: string; values: unknown[] } {
  const columns = Object.keys(rows[0] ?? {});
  const values: unknown[] = [];
  const tuples = rows.map(
    (row) => `(${columns.map((c) => (values.push(row[c]), `$${values.length}`)).join(', ')})`,
  );
  return {
    text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}${suffix}`,
    values,
  };
}

const upsertSuffix = (row: LegacyRow) =>
  ` ON CONFLICT (id) DO UPDATE SET ${Object.keys(row)
    .filter((c) => c !== 'id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`;

/** Writes changes' rows (orders upserted, their items replaced) in the open transaction of `client`. */
async function writeRows(
  client: PoolClient,
  changes: readonly { id: string; root: LegacyRow; items: readonly LegacyRow[] }[],
): Promise<void> {
  const orders = multiRowInsert(
    'orders',
    changes.map((c) => c.root),
    upsertSuffix(changes[0]!.root),
  );
  await client.query(orders.text, orders.values);
  await client.query('DELETE FROM order_items WHERE order_id = ANY($1::text[])', [changes.map((c) => c.id)]);
  const items = changes.flatMap((c) => c.items);
  if (items.length > 0) {
    const insert = multiRowInsert('order_items', items);
    await client.query(insert.text, insert.values);
  }
}

async function inTransaction(pool: Pool, work: (client: PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const lambdaContext = (): Context =>
  localLambdaContext({ functionName: 'bench-powertools', timeoutMs: 30_000 });

async function laneHandler(
  lane: Lane,
  db: TestLegacyDatabase,
  pool: Pool,
  dynamo: RunningDynamoDbLocal,
  run: number,
): Promise<{ handler: BatchHandler; close: () => Promise<void> }> {
  if (lane === 'outflow' || lane === 'perAggregate') {
    const store = new PrismaLegacyProjection({ sql: db.sql, mappings: [ordersLegacyMapping] });
    return {
      handler: createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger }) as BatchHandler,
      close: async () => undefined,
    };
  }
  if (lane === 'strict') {
    const text = strictUpsertText(ordersLegacyMapping);
    return {
      handler: async (event) => {
        const rows = newestRowsPerOrder(event.Records);
        await pool.query({
          name: 'bench_strict',
          text,
          values: strictUpsertValues(ordersLegacyMapping, rows),
        });
        return { batchItemFailures: [] };
      },
      close: async () => undefined,
    };
  }
  if (lane === 'bare') {
    return {
      handler: async (event) => {
        // A multi-row upsert cannot touch one id twice: keep the newest change per order.
        const newest = new Map<string, ReturnType<typeof rowsOf>>();
        for (const record of event.Records) {
          const rows = rowsOf(record);
          newest.set(rows.id, rows);
        }
        await inTransaction(pool, (client) => writeRows(client, [...newest.values()]));
        return { batchItemFailures: [] };
      },
      close: async () => undefined,
    };
  }
  // Powertools: what a team would write with the standard toolkit.
  process.env['AWS_LAMBDA_FUNCTION_NAME'] = 'bench-powertools';
  const client = createClient(dynamo.endpoint);
  const tableName = `powertools-idempotency-${run + 1}-${Date.now().toString(36)}`;
  await ensureTable(client, {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client });
  // The body is a JSON string: without powertools_json() the key is missing and, with the
  // default throwOnNoIdempotencyKey=false, idempotency would silently do nothing.
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'powertools_json(body).eventId',
    throwOnNoIdempotencyKey: true,
  });
  const applyRecord = makeIdempotent(
    async (record: SQSRecord) => inTransaction(pool, (c) => writeRows(c, [rowsOf(record)])),
    { persistenceStore, config },
  );
  const processor = new BatchProcessor(EventType.SQS);
  return {
    handler: async (event) => {
      const context = lambdaContext();
      config.registerLambdaContext(context);
      return processPartialResponse(event, applyRecord, processor, { context });
    },
    close: async () => client.destroy(),
  };
}

interface LaneRun {
  readonly recordsPerSecond: number;
  readonly seconds: number;
}

async function runLane(
  lane: Lane,
  options: ConsumerBenchOptions,
  input: ReturnType<typeof consumerInput>,
  dynamo: RunningDynamoDbLocal,
  run: number,
): Promise<LaneRun & { checksum: string }> {
  const db = await createTestLegacyDatabase(prismaProject, {
    kind: 'postgres',
    serverUrl: options.serverUrl,
  });
  const pool = new Pool({ connectionString: db.environment['DATABASE_URL'], max: options.batchSize });
  // An idle connection the server ends (the lane's database is dropped right after) is not an error here.
  pool.on('error', () => undefined);
  const { handler, close } = await laneHandler(lane, db, pool, dynamo, run);
  try {
    const show = progress(run < 0 ? `${lane} warm-up` : `${lane} run ${run + 1}/${options.runs}`);
    const records = input.batches.reduce((n, b) => n + b.length, 0);
    const seconds =
      lane === 'perAggregate'
        ? await runPerAggregate(handler, input.batches, options.batchSize, show)
        : await runSequentially(lane, handler, input.batches, show);
    // Every lane must end in the same legacy state: compare a checksum of all rows.
    const [row] = (
      await pool.query<{ orders: string; items: string; total: string }>(
        'SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_items) AS items, (SELECT sum(total_amount) FROM orders)::text AS total',
      )
    ).rows;
    return {
      recordsPerSecond: records / seconds,
      seconds,
      checksum: `${row?.orders} orders, ${row?.items} items, total ${row?.total}`,
    };
  } finally {
    await close();
    await pool.end();
    await db.destroy();
  }
}

export async function consumerBench(options: ConsumerBenchOptions) {
  const input = consumerInput(options.changes, options.versionsPerOrder, options.batchSize);
  const dynamo = await startDynamoDbLocal();
  const lanes: Lane[] = ['outflow', 'perAggregate', 'powertools', 'bare', 'strict'];
  const runs: Record<Lane, LaneRun[]> = {
    outflow: [],
    perAggregate: [],
    powertools: [],
    bare: [],
    strict: [],
  };
  const checksums = new Set<string>();
  try {
    // Warm up every lane once (JIT, DynamoDB Local's JVM, PostgreSQL caches); not counted.
    const warmup = consumerInput(Math.min(500, options.changes), options.versionsPerOrder, options.batchSize);
    for (const lane of lanes) await runLane(lane, { ...options, runs: 1 }, warmup, dynamo, -1);
    // Interleave the lanes so drift of the machine's load hits them alike.
    for (let run = 0; run < options.runs; run++) {
      for (const lane of lanes) {
        const result = await runLane(lane, options, input, dynamo, run);
        runs[lane].push({
          recordsPerSecond: round(result.recordsPerSecond),
          seconds: round(result.seconds, 2),
        });
        checksums.add(result.checksum);
      }
    }
  } finally {
    await dynamo.stop();
  }
  if (checksums.size !== 1)
    throw new Error(`the lanes ended in different legacy states: ${[...checksums].join(' | ')}`);
  const med = (lane: Lane) => round(median(runs[lane].map((r) => r.recordsPerSecond)));
  const outflow = med('outflow');
  const perAggregate = med('perAggregate');
  const powertools = med('powertools');
  const bare = med('bare');
  const strict = med('strict');
  return {
    benchmark: 'consumer',
    what: `legacy-rdb-sync handler applying SQS FIFO order changes to PostgreSQL (outflow: one batch at a time, as one message group; perAggregate: the local FIFO queue and consumer with a group per order, maximum concurrency ${PER_AGGREGATE_CONCURRENCY}), vs Powertools BatchProcessor + makeIdempotent (DynamoDB Local), a bare multi-row pg upsert (BEGIN, upsert, delete, insert, COMMIT) and the strict limit: one prepared multi-row upsert statement per batch, no guards, no markers`,
    input: {
      changes: options.changes,
      orders: input.orders,
      versionsPerOrder: options.versionsPerOrder,
      batchSize: options.batchSize,
      runs: options.runs,
    },
    finalState: [...checksums][0],
    recordsPerSecond: { outflow, perAggregate, powertools, bare, strict },
    runs,
    ratios: {
      outflowVsPowertools: round(outflow / powertools, 1),
      outflowVsBare: round(outflow / bare, 2),
      outflowVsStrict: round(outflow / strict, 2),
      // Each run's lanes ran back to back: their ratio is less exposed to the machine's drift.
      outflowVsStrictPerRun: runs.outflow.map((r, i) =>
        round(r.recordsPerSecond / (runs.strict[i] as LaneRun).recordsPerSecond, 2),
      ),
      perAggregateVsOutflow: round(perAggregate / outflow, 2),
    },
    targets: { outflowVsPowertools: '≥ 10', outflowVsBare: '≥ 0.66', outflowVsStrict: '≥ 0.9' },
    met: {
      outflowVsPowertools: outflow / powertools >= 10,
      outflowVsBare: outflow / bare >= 0.66,
      outflowVsStrict: outflow / strict >= 0.9,
    },
    machine: machine(),
    at: new Date().toISOString(),
  };
}
