// `npm run bench [-- dev|pipeline|consumer|search|views]`: runs the benchmarks and writes bench/results/<name>.json.
// Sizes can be changed with BENCH_PIPELINE_EVENTS, BENCH_CONSUMER_CHANGES, BENCH_SEARCH_CHANGES, BENCH_VIEWS_CHANGES and BENCH_RUNS;
// the search benchmark uses OPENSEARCH_URL when set (a real cluster), the in-repo emulator otherwise.
import { consumerBench } from './consumer.bench';
import { devBench } from './dev.bench';
import { pipelineBench } from './pipeline.bench';
import { searchBench } from './search.bench';
import { viewsBench } from './views.bench';
import { writeResult } from './bench-kit';

const intFromEnv = (name: string, fallback: number): number => {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
};

const benches: Record<string, () => Promise<unknown>> = {
  dev: () =>
    devBench({ starts: intFromEnv('BENCH_DEV_STARTS', 3), writes: intFromEnv('BENCH_DEV_WRITES', 10) }),
  pipeline: () =>
    pipelineBench({
      events: intFromEnv('BENCH_PIPELINE_EVENTS', 3000),
      concurrency: intFromEnv('BENCH_WRITERS', 8),
      runs: intFromEnv('BENCH_RUNS', 3),
    }),
  consumer: () => {
    const serverUrl = process.env['DATABASE_URL'];
    if (!serverUrl) {
      throw new Error(
        'the consumer benchmark writes to a PostgreSQL server: set DATABASE_URL (e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench)',
      );
    }
    return consumerBench({
      changes: intFromEnv('BENCH_CONSUMER_CHANGES', 6000),
      versionsPerOrder: 10,
      batchSize: 10,
      runs: intFromEnv('BENCH_RUNS', 3),
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
  const unknown = wanted.filter((name) => !(name in benches));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
    return 2;
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
    console.error(`benchmark: ${name}`);
    const result = await benches[name]!();
    const file = writeResult(name, result);
    console.log(JSON.stringify(result, null, 2));
    console.error(`→ ${file}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
