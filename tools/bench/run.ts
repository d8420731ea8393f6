// `npm run bench [-- <name> …]`: runs the benchmarks (all of them without a name; names: see `benches`,
// plus `chart` to only redraw bench/results/chart.svg), writes bench/results/<name>.json and redraws
// the chart from every result JSON. Sizes: BENCH_PIPELINE_EVENTS, BENCH_FANOUT_EVENTS, BENCH_WRITERS,
// BENCH_CONSUMER_CHANGES, BENCH_SEARCH_CHANGES, BENCH_VIEWS_CHANGES, BENCH_BACKFILL_ORDERS, BENCH_BACKFILL_SEGMENTS (also backfill-rate: `outflow backfill` itself),
// BENCH_MEMORY_BACKLOGS (ascending, comma-separated), BENCH_MEMORY_ORDERS, BENCH_RUNS, BENCH_DEV_STARTS,
// BENCH_DEV_WRITES; BENCH_PROFILE_DIR writes a CPU profile of each memory drain. DATABASE_URL names the
// PostgreSQL server (databases of their own are created and dropped there); the search benchmark
// uses OPENSEARCH_URL when set (a real cluster), the in-repo emulator otherwise.
import { loadavg } from 'node:os';
import { backfillBench } from './backfill.bench';
import { backfillRateBench } from './backfill-rate.bench';
import { consumerBench } from './consumer.bench';
import { devBench } from './dev.bench';
import { fanoutBench } from './fanout.bench';
import { memoryBench } from './memory.bench';
import { pipelineBench } from './pipeline.bench';
import { searchBench } from './search.bench';
import { viewsBench } from './views.bench';
import { writeResult } from './bench-kit';
import { renderChart } from './chart';

const intFromEnv = (name: string, fallback: number): number => {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
};

/** A comma-separated list of positive integers, ascending. */
const intsFromEnv = (name: string, fallback: readonly number[]): number[] => {
  const text = process.env[name];
  if (text === undefined || text === '') return [...fallback];
  const values = text.split(',').map((part) => Number(part.trim()));
  if (
    values.some((v) => !Number.isInteger(v) || v < 1) ||
    values.some((v, i) => i > 0 && v <= values[i - 1]!)
  )
    throw new Error(
      `${name} must be ascending positive integers separated by commas, got ${JSON.stringify(text)}`,
    );
  return values;
};

/** The PostgreSQL server of DATABASE_URL (each benchmark creates and drops databases of its own there). */
function serverUrl(benchmark: string): string {
  const url = process.env['DATABASE_URL'];
  if (!url)
    throw new Error(
      `the ${benchmark} benchmark writes to a PostgreSQL server: set DATABASE_URL (e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench)`,
    );
  return url;
}

const benches: Record<string, () => Promise<unknown>> = {
  dev: () =>
    devBench({ starts: intFromEnv('BENCH_DEV_STARTS', 3), writes: intFromEnv('BENCH_DEV_WRITES', 10) }),
  pipeline: () =>
    pipelineBench({
      events: intFromEnv('BENCH_PIPELINE_EVENTS', 3000),
      concurrency: intFromEnv('BENCH_WRITERS', 8),
      runs: intFromEnv('BENCH_RUNS', 3),
    }),
  fanout: () =>
    fanoutBench({
      events: intFromEnv('BENCH_FANOUT_EVENTS', 3000),
      concurrency: intFromEnv('BENCH_WRITERS', 8),
      runs: intFromEnv('BENCH_RUNS', 3),
      serverUrl: serverUrl('fanout'),
    }),
  backfill: () =>
    backfillBench({
      orders: intFromEnv('BENCH_BACKFILL_ORDERS', 20000),
      segments: intFromEnv('BENCH_BACKFILL_SEGMENTS', 4),
      runs: intFromEnv('BENCH_RUNS', 3),
      serverUrl: serverUrl('backfill'),
    }),
  memory: () =>
    memoryBench({
      backlogs: intsFromEnv('BENCH_MEMORY_BACKLOGS', [10000, 25000, 50000]),
      orders: intFromEnv('BENCH_MEMORY_ORDERS', 1000),
      serverUrl: serverUrl('memory'),
    }),
  consumer: () => {
    return consumerBench({
      changes: intFromEnv('BENCH_CONSUMER_CHANGES', 6000),
      versionsPerOrder: 10,
      batchSize: 10,
      runs: intFromEnv('BENCH_RUNS', 3),
      serverUrl: serverUrl('consumer'),
    });
  },
  'backfill-rate': () => {
    const serverUrl = process.env['DATABASE_URL'];
    if (!serverUrl)
      throw new Error('the backfill-rate benchmark writes to a PostgreSQL server: set DATABASE_URL');
    return backfillRateBench({
      orders: intFromEnv('BENCH_BACKFILL_ORDERS', 3000),
      segments: intFromEnv('BENCH_BACKFILL_SEGMENTS', 4),
      serverUrl,
    });
  },
  search: () =>
    searchBench({
      changes: intFromEnv('BENCH_SEARCH_CHANGES', 20000),
      versionsPerOrder: 5,
      batchSize: 10,
      runs: intFromEnv('BENCH_RUNS', 3),
      url: process.env['OPENSEARCH_URL'] || undefined,
    }),
  views: () =>
    viewsBench({
      changes: intFromEnv('BENCH_VIEWS_CHANGES', 2000),
      batchSize: 10,
      concurrency: 8,
      runs: intFromEnv('BENCH_RUNS', 3),
    }),
};

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in benches) && name !== 'chart');
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')} (and chart: only redraw bench/results/chart.svg)`,
    );
    return 2;
  }
  const names = wanted.filter((n) => n !== 'chart');
  const run = wanted.length > 0 ? names : Object.keys(benches);
  for (const [i, name] of run.entries()) {
    const started = Date.now();
    console.error(
      `benchmark ${i + 1}/${run.length}: ${name} (load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
    const result = await benches[name]!();
    const file = writeResult(name, result);
    console.log(JSON.stringify(result, null, 2));
    console.error(`→ ${file} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  console.error(`chart → ${await renderChart()}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
