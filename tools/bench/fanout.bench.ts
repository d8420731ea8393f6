// Issue 20's whole fan-out: orders saved by concurrent writers → DynamoDB Local's stream → the local
// runtime (Pipe, bus, every subscription's rule and queues) → EVERY downstream of `outflowTopology`
// with its real consumer (legacy-rdb on PostgreSQL, search on the in-repo OpenSearch emulator, and
// whatever else the topology names), side by side in the same run with DynamoDB Local's raw write
// rate for the same saves with nothing else running.
import { sleep, type AggregateChange } from '@outflow/core-application';
import { createStreamsClient } from '@outflow/dynamodb-local';
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
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latencySummary, machine, median, nowMs, pool, progress, REPO_ROOT, round } from './bench-kit';
import { newTable, onFreshEmulator } from './pipeline.bench';
import {
  buildTopologyConsumers,
  disposeConsumers,
  handlersOf,
  type MeasuredConsumer,
} from './topology-consumers';

export interface FanoutBenchOptions {
  /** Orders saved per run (one new order each: one PutItem, one stream record, one change per downstream). */
  readonly events: number;
  /** Concurrent writers. */
  readonly concurrency: number;
  readonly runs: number;
  /** The PostgreSQL server the legacy-rdb downstream writes to (a fresh database per run). */
  readonly serverUrl: string;
}

const orderChange = (run: string, i: number): AggregateChange => {
  const orderId = `fanout-${run}-${i}`;
  const state = { ...sampleOrderState(orderId, 1, { customerId: `customer-${i % 50}` }) };
  return {
    aggregateType: 'order',
    aggregateId: orderId,
    expectedVersion: 0,
    state,
    events: [makeEvent('order', orderId, 1, { state }, `${orderId}-v1`)],
  };
};

/** The same saves with nothing reading the stream: DynamoDB Local's raw write rate. */
async function rawRun(client: DynamoDBClient, options: FanoutBenchOptions, run: number): Promise<number> {
  const { store, drop } = await newTable(client, 'fanraw');
  const changes = Array.from({ length: options.events }, (_, i) => orderChange(`raw${run}`, i));
  const show = progress(`raw writes run ${run + 1}/${options.runs}`);
  const started = nowMs();
  await pool(
    changes,
    options.concurrency,
    (c) => store.save(c),
    (done) => show(done, changes.length),
  );
  const rate = options.events / ((nowMs() - started) / 1000);
  await drop();
  return rate;
}

interface DownstreamRun {
  readonly changesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Waits until every downstream applied every order; fails on a dead letter or after 300 s. */
async function waitForAll(
  consumers: readonly MeasuredConsumer[],
  deadLetters: InMemoryDeadLetters,
  events: number,
  show: (done: number, total: number) => void,
): Promise<void> {
  const deadline = Date.now() + 300_000;
  const slowest = () => Math.min(...consumers.map((c) => c.applied.size));
  while (slowest() < events) {
    if (Date.now() > deadline)
      throw new Error(
        `fan-out: after 300 s applied ${consumers.map((c) => `${c.name} ${c.applied.size}`).join(', ')} of ${events}`,
      );
    const letters = deadLetters.list();
    if (letters.length > 0)
      throw new Error(`fan-out: ${letters.length} message(s) dead-lettered, first: ${letters[0]?.reason}`);
    show(slowest(), events);
    await sleep(20);
  }
  show(slowest(), events);
}

/** The saves while the local runtime delivers them to every downstream of the topology. */
async function fanoutRun(client: DynamoDBClient, endpoint: string, options: FanoutBenchOptions, run: number) {
  const { store, streamArn, drop } = await newTable(client, 'fanout');
  const db = await createTestLegacyDatabase(
    { dir: join(REPO_ROOT, 'prisma') },
    {
      kind: 'postgres',
      serverUrl: options.serverUrl,
    },
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'outflow-bench-fanout-'));
  const consumers = await buildTopologyConsumers(outflowTopology, {
    dataDir,
    dynamoDbEndpoint: endpoint,
    env: { ...process.env, ...db.environment, OPENSEARCH_URL: undefined },
  });
  const streams = createStreamsClient(endpoint);
  const deadLetters = new InMemoryDeadLetters();
  const runtime = new LocalRuntime({
    topology: outflowTopology,
    sources: {
      orders: {
        reader: new DynamoDbStreamReader(streams, streamArn),
        checkpoints: new InMemoryCheckpointStore(),
      },
    },
    handlers: handlersOf(consumers),
    deadLetters,
  });
  try {
    runtime.start();
    const written = new Map<string, number>();
    const changes = Array.from({ length: options.events }, (_, i) => orderChange(`fan${run}`, i));
    const started = nowMs();
    const writing = pool(changes, options.concurrency, async (c) => {
      await store.save(c);
      written.set(c.aggregateId, nowMs());
    });
    await waitForAll(
      consumers,
      deadLetters,
      options.events,
      progress(`fan-out run ${run + 1}/${options.runs} (slowest downstream)`),
    );
    await writing;
    const downstreams: Record<string, DownstreamRun> = {};
    for (const consumer of consumers) {
      const finished = Math.max(...consumer.applied.values());
      const latencies = [...consumer.applied].map(([id, at]) => at - (written.get(id) as number));
      const summary = latencySummary(latencies);
      downstreams[consumer.name] = {
        changesPerSecond: round(options.events / ((finished - started) / 1000)),
        p50Ms: summary.p50,
        p99Ms: summary.p99,
      };
    }
    return downstreams;
  } finally {
    await runtime.stop();
    streams.destroy();
    await disposeConsumers(consumers);
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
    await drop();
  }
}

/** The slowest downstream of a run: the lowest changes/s. */
const slowestOf = (downstreams: Record<string, DownstreamRun>): [string, DownstreamRun] =>
  Object.entries(downstreams).sort(([, a], [, b]) => a.changesPerSecond - b.changesPerSecond)[0] as [
    string,
    DownstreamRun,
  ];

export async function fanoutBench(options: FanoutBenchOptions) {
  process.env['LOG_LEVEL'] ??= 'warn';
  const raw: number[] = [];
  const fanout: Record<string, DownstreamRun>[] = [];
  // As in the pipeline benchmark: every measurement gets a fresh, warmed-up DynamoDB Local (it
  // slows down as it keeps more data, even across dropped tables).
  for (let run = 0; run < options.runs; run++) {
    raw.push(round(await onFreshEmulator(options, (client) => rawRun(client, options, run))));
    fanout.push(
      await onFreshEmulator(options, (client, endpoint) => fanoutRun(client, endpoint, options, run)),
    );
  }
  const names = Object.keys(fanout[0] ?? {});
  const perDownstream = Object.fromEntries(
    names.map((name) => [
      name,
      {
        changesPerSecond: round(median(fanout.map((r) => r[name]!.changesPerSecond))),
        latencyMs: {
          p50: round(median(fanout.map((r) => r[name]!.p50Ms))),
          p99: round(median(fanout.map((r) => r[name]!.p99Ms))),
        },
      },
    ]),
  );
  const slowestPerRun = fanout.map((r) => slowestOf(r));
  const slowestRate = round(median(slowestPerRun.map(([, d]) => d.changesPerSecond)));
  const rawRate = round(median(raw));
  const slowestP50 = Math.max(...Object.values(perDownstream).map((d) => d.latencyMs.p50));
  return {
    benchmark: 'fanout',
    what: `orders saved to DynamoDB Local by ${options.concurrency} concurrent writers (one conditional PutItem each) → stream → local runtime → every downstream of outflowTopology with its real consumer (${names.join(', ')}): changes applied per second by the slowest downstream vs DynamoDB Local's raw write rate for the same saves with nothing else running`,
    input: { events: options.events, writers: options.concurrency, runs: options.runs, downstreams: names },
    rawWritesPerSecond: rawRate,
    slowestDownstreamChangesPerSecond: slowestRate,
    slowestDownstreamPerRun: slowestPerRun.map(([name]) => name),
    downstreams: perDownstream,
    runs: { raw, fanout },
    ratio: {
      slowestVsRaw: round(slowestRate / rawRate, 2),
      perRun: slowestPerRun.map(([, d], i) => round(d.changesPerSecond / (raw[i] as number), 2)),
    },
    target: { slowestVsRaw: '≥ 0.85', p50Ms: '≤ 300 (every downstream)' },
    met: { slowestVsRaw: slowestRate / rawRate >= 0.85, p50Ms: slowestP50 <= 300 },
    machine: machine(),
    at: new Date().toISOString(),
  };
}
