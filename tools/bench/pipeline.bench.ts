// Issue 4's benchmark: the local pipeline (DynamoDB Local stream → local runtime: Pipe, bus, rule,
// FIFO queue → the Lambda-shaped consumer) delivering order changes to an in-memory downstream,
// side by side in the same run with DynamoDB Local's raw write rate for the same writes.
import { sleep } from '@outflow/core-application';
import { ApplyChanges } from '@outflow/core-application';
import { createClient, createStreamsClient, ensureTable, startDynamoDbLocal } from '@outflow/dynamodb-local';
import { DynamoDbOutboxStore, outboxTable } from '@outflow/dynamodb-outbox';
import { createSqsApplyHandler, silentLogger } from '@outflow/runtime-lambda';
import {
  DynamoDbStreamReader,
  InMemoryCheckpointStore,
  InMemoryDeadLetters,
  LocalRuntime,
  type SqsHandler,
} from '@outflow/runtime-local';
import { InMemoryProjectionStore, makeEvent } from '@outflow/testing';
import { outflowTopology } from '@outflow/topology';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AggregateChange } from '@outflow/core-application';
import { machine, median, nowMs, percentile, pool, progress, round } from './bench-kit';
import { aggregateIdOf } from './topology-consumers';

export interface PipelineBenchOptions {
  /** Order changes written per run (one new order each: one PutItem, one stream record). */
  readonly events: number;
  /** Concurrent writers (as concurrent API requests would be). */
  readonly concurrency: number;
  readonly runs: number;
}

const change = (run: string, i: number): AggregateChange => {
  const orderId = `bench-${run}-${i}`;
  const state = {
    orderId,
    customerId: `c-${i % 11}`,
    status: 'created',
    currency: 'EUR',
    items: [{ sku: `SKU-${i % 50}`, quantity: 1 + (i % 3), unitPriceCents: 100 + (i % 900) }],
    totalCents: (1 + (i % 3)) * (100 + (i % 900)),
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
  };
  return {
    aggregateType: 'order',
    aggregateId: orderId,
    expectedVersion: 0,
    state,
    events: [makeEvent('order', orderId, 1, { state }, `${orderId}-v1`)],
  };
};

/** A fresh outbox table (with its stream) on `client`, and how to drop it. */
export async function newTable(client: DynamoDBClient, label: string) {
  const tableName = `bench-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const { streamArn } = await ensureTable(client, outboxTable(tableName));
  return {
    tableName,
    streamArn: streamArn as string,
    store: new DynamoDbOutboxStore({ tableName, client }),
    // DynamoDB Local slows down as the records it keeps (items and stream records) grow: each run
    // removes its table so every run starts from the same state.
    drop: () => client.send(new DeleteTableCommand({ TableName: tableName })).then(() => undefined),
  };
}

/** Share of one core this Node process used since `cpu`/`started` (writers, and the runtime when it runs). */
let lastNodeCpu = 0;
const nodeCpuShare = (cpu: NodeJS.CpuUsage, started: number): number => {
  const used = process.cpuUsage(cpu);
  return round((used.user + used.system) / 1000 / (nowMs() - started), 2);
};

/** Counts GetRecords calls and the time they take (DynamoDB Local's GetRecords slows as records grow). */
let getRecords = { calls: 0, ms: 0 };
function timedReader(reader: DynamoDbStreamReader): DynamoDbStreamReader {
  getRecords = { calls: 0, ms: 0 };
  const original = reader.getRecords.bind(reader);
  reader.getRecords = async (...args: Parameters<DynamoDbStreamReader['getRecords']>) => {
    const started = nowMs();
    try {
      return await original(...args);
    } finally {
      getRecords.calls += 1;
      getRecords.ms += nowMs() - started;
    }
  };
  return reader;
}

/** The same saves with nothing reading the stream: DynamoDB Local's raw write rate for them. */
async function rawRun(client: DynamoDBClient, options: PipelineBenchOptions, run: number): Promise<number> {
  const { store, drop } = await newTable(client, 'raw');
  const changes = Array.from({ length: options.events }, (_, i) => change(`raw${run}`, i));
  const show = progress(
    run < 0 ? 'fresh DynamoDB Local warm-up' : `raw writes run ${run + 1}/${options.runs}`,
  );
  const started = nowMs();
  const cpu = process.cpuUsage();
  await pool(
    changes,
    options.concurrency,
    (c) => store.save(c),
    (done) => show(done, changes.length),
  );
  const rate = options.events / ((nowMs() - started) / 1000);
  if (run >= 0) lastNodeCpu = nodeCpuShare(cpu, started);
  await drop();
  return rate;
}

/** The same saves while the local runtime delivers them downstream; latency = write acknowledged → applied. */
async function pipelineRun(
  client: DynamoDBClient,
  endpoint: string,
  options: PipelineBenchOptions,
  run: number,
) {
  const { store, streamArn, drop } = await newTable(client, 'pipe');
  const streams = createStreamsClient(endpoint);
  const written = new Map<string, number>();
  const applied = new Map<string, number>();
  const downstream = createSqsApplyHandler(new ApplyChanges(new InMemoryProjectionStore()), {
    logger: silentLogger,
  });
  const handler: SqsHandler = async (event) => {
    const response = await downstream(event);
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    const at = nowMs();
    for (const record of event.Records) {
      if (!failed.has(record.messageId)) applied.set(aggregateIdOf(record.body), at);
    }
    return response;
  };
  const deadLetters = new InMemoryDeadLetters();
  const runtime = new LocalRuntime({
    // The legacy-rdb leg only: the bench measures that one downstream.
    topology: {
      ...outflowTopology,
      subscriptions: outflowTopology.subscriptions.filter((s) => s.name === 'legacy-rdb'),
    },
    sources: {
      orders: {
        reader: timedReader(new DynamoDbStreamReader(streams, streamArn)),
        checkpoints: new InMemoryCheckpointStore(),
      },
    },
    handlers: { 'legacy-rdb': handler },
    deadLetters,
  });
  runtime.start();
  const changes = Array.from({ length: options.events }, (_, i) => change(`pipe${run}`, i));
  const show = progress(`pipeline run ${run + 1}/${options.runs}`);
  const started = nowMs();
  const cpu = process.cpuUsage();
  const writing = pool(changes, options.concurrency, async (c) => {
    await store.save(c);
    written.set(c.aggregateId, nowMs());
  });
  const deadline = Date.now() + 300_000;
  while (applied.size < options.events) {
    if (Date.now() > deadline)
      throw new Error(`pipeline: only ${applied.size}/${options.events} changes applied after 300 s`);
    if (deadLetters.list().length > 0)
      throw new Error(`pipeline: ${deadLetters.list().length} message(s) dead-lettered`);
    show(applied.size, options.events);
    await sleep(20);
  }
  show(applied.size, options.events);
  await writing;
  const finished = Math.max(...applied.values());
  lastNodeCpu = nodeCpuShare(cpu, started);
  const getRecordsPerSecond = round(getRecords.calls / ((finished - started) / 1000), 1);
  const getRecordsMeanMs = round(getRecords.ms / Math.max(1, getRecords.calls), 1);
  await runtime.stop();
  streams.destroy();
  await drop();
  const latencies = [...applied].map(([id, at]) => at - (written.get(id) as number));
  return {
    eventsPerSecond: options.events / ((finished - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    getRecordsPerSecond,
    getRecordsMeanMs,
  };
}

/** Runs `measure` on a fresh, warmed-up DynamoDB Local, and stops it. */
export async function onFreshEmulator<T>(
  options: Pick<PipelineBenchOptions, 'events' | 'concurrency' | 'runs'>,
  measure: (client: DynamoDBClient, endpoint: string) => Promise<T>,
): Promise<T> {
  const dynamo = await startDynamoDbLocal();
  const client = createClient(dynamo.endpoint);
  try {
    await rawRun(client, { ...options, events: Math.min(1000, options.events) }, -1);
    return await measure(client, dynamo.endpoint);
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

export async function pipelineBench(options: PipelineBenchOptions) {
  const raw: number[] = [];
  const rawCpu: number[] = [];
  const pipeline: {
    eventsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
    nodeCpu: number;
    getRecordsPerSecond: number;
    getRecordsMeanMs: number;
  }[] = [];
  // DynamoDB Local slows down as it keeps more data (even across dropped tables; the second 3,000
  // writes on one emulator run at about half the rate of the first), so every measurement gets a
  // fresh emulator with the same warm-up (the JIT roughly doubles its write rate).
  for (let run = 0; run < options.runs; run++) {
    raw.push(round(await onFreshEmulator(options, (client) => rawRun(client, options, run))));
    rawCpu.push(lastNodeCpu);
    const result = await onFreshEmulator(options, (client, endpoint) =>
      pipelineRun(client, endpoint, options, run),
    );
    pipeline.push({
      eventsPerSecond: round(result.eventsPerSecond),
      p50Ms: round(result.p50Ms),
      p99Ms: round(result.p99Ms),
      nodeCpu: lastNodeCpu,
      getRecordsPerSecond: result.getRecordsPerSecond,
      getRecordsMeanMs: result.getRecordsMeanMs,
    });
  }
  const rawRate = round(median(raw));
  const pipelineRate = round(median(pipeline.map((p) => p.eventsPerSecond)));
  return {
    benchmark: 'pipeline',
    what: 'orders saved to DynamoDB Local (one conditional PutItem each) → stream → local runtime (Pipe filter + template, bus rule, SQS FIFO queue) → legacy-rdb-sync handler shape → in-memory downstream',
    input: { events: options.events, writers: options.concurrency, runs: options.runs },
    rawWritesPerSecond: rawRate,
    pipelineEventsPerSecond: pipelineRate,
    latencyMs: {
      p50: round(median(pipeline.map((p) => p.p50Ms))),
      p99: round(median(pipeline.map((p) => p.p99Ms))),
    },
    runs: { raw, rawNodeCpu: rawCpu, pipeline },
    notes:
      'nodeCpu: share of one core used by the Node process (the 8 writers; in pipeline runs also the whole local runtime). DynamoDB Local runs in its own JVM on the same 2 cores.',
    ratio: { pipelineVsRaw: round(pipelineRate / rawRate, 2) },
    target: { pipelineVsRaw: '≥ 0.80' },
    met: { pipelineVsRaw: pipelineRate / rawRate >= 0.8 },
    machine: machine(),
    at: new Date().toISOString(),
  };
}
