// The memory benchmark's measured process (spawned by memory.bench.ts, one per backlog size): the
// local runtime and every downstream's consumer of outflowTopology, as `npm start` runs them in one
// process, draining a stream that already holds a backlog. It samples its own memory
// (process.memoryUsage) every 100 ms until every downstream acknowledged the whole backlog, and
// prints one JSON line: the samples' summary.
import { sleep } from '@outflow/core-application';
import { createStreamsClient } from '@outflow/dynamodb-local';
import {
  DynamoDbStreamReader,
  InMemoryCheckpointStore,
  InMemoryDeadLetters,
  LocalRuntime,
} from '@outflow/runtime-local';
import { outflowTopology } from '@outflow/topology';
import { nowMs } from './bench-kit';
import { summarizeMemory, type MemorySample } from './memory-samples';
import { buildTopologyConsumers, disposeConsumers, handlersOf } from './topology-consumers';

/** What the parent passes in BENCH_MEMORY_DRAIN (JSON). */
export interface DrainInput {
  readonly endpoint: string;
  readonly streamArn: string;
  readonly databaseUrl: string;
  readonly dataDir: string;
  /** Changes in the stream: every downstream must acknowledge this many. */
  readonly backlog: number;
}

const sample = (started: number, backlog: number, acked: number): MemorySample => {
  const m = process.memoryUsage();
  return {
    ms: Math.round(nowMs() - started),
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    drained: acked / backlog,
  };
};

async function main(): Promise<void> {
  const input = JSON.parse(process.env['BENCH_MEMORY_DRAIN'] as string) as DrainInput;
  process.env['LOG_LEVEL'] ??= 'warn';
  const consumers = await buildTopologyConsumers(outflowTopology, {
    dataDir: input.dataDir,
    dynamoDbEndpoint: input.endpoint,
    env: { ...process.env, DATABASE_URL: input.databaseUrl, OPENSEARCH_URL: undefined },
  });
  const streams = createStreamsClient(input.endpoint);
  const deadLetters = new InMemoryDeadLetters();
  const runtime = new LocalRuntime({
    topology: outflowTopology,
    sources: {
      orders: {
        reader: new DynamoDbStreamReader(streams, input.streamArn),
        checkpoints: new InMemoryCheckpointStore(),
      },
    },
    handlers: handlersOf(consumers),
    deadLetters,
  });
  const started = nowMs();
  const slowest = () => Math.min(...consumers.map((c) => c.acked));
  const samples: MemorySample[] = [sample(started, input.backlog, 0)];
  runtime.start();
  const deadline = Date.now() + 900_000;
  while (slowest() < input.backlog) {
    if (deadLetters.list().length > 0) throw new Error(`dead-lettered: ${deadLetters.list()[0]?.reason}`);
    if (Date.now() > deadline) throw new Error(`only ${slowest()}/${input.backlog} drained after 900 s`);
    await sleep(100);
    samples.push(sample(started, input.backlog, slowest()));
    if (samples.length % 50 === 0)
      process.stderr.write(`  backlog ${input.backlog}: ${slowest()} drained by every downstream\n`);
  }
  const seconds = (nowMs() - started) / 1000;
  await runtime.stop();
  streams.destroy();
  await disposeConsumers(consumers);
  const perDownstream = Object.fromEntries(consumers.map((c) => [c.name, c.acked]));
  process.stdout.write(`${JSON.stringify({ seconds, perDownstream, ...summarizeMemory(samples) })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`memory drain failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
