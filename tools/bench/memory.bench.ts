// Issue 20's memory benchmark: resident memory (RSS) of the process running the local runtime and
// every downstream's consumer (as `npm start` runs them, one process) while it drains a stream
// that already holds a backlog of N changes, for several N. The backlog is always over the same
// orders (N / orders versions each), so what the downstreams hold is the same size for every N:
// a growth of the peak with N is buffering in the runtime or a consumer.
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createClient, ensureTable, startDynamoDbLocal } from '@outflow/dynamodb-local';
import { outboxTable } from '@outflow/dynamodb-outbox';
import { sampleOrderState } from '@outflow/orders/testing';
import { createTestLegacyDatabase } from '@outflow/prisma-legacy-projection/testing';
import { makeEvent } from '@outflow/testing';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregateItem } from './backfill.bench';
import { machine, nowMs, pool, progress, REPO_ROOT, round } from './bench-kit';
import type { DrainInput } from './memory-drain';
import { peakSpread, type MemorySummary } from './memory-samples';

export interface MemoryBenchOptions {
  /** Backlog sizes (changes in the stream), ascending. */
  readonly backlogs: readonly number[];
  /** Orders the changes are spread over (each backlog: backlog / orders versions per order). */
  readonly orders: number;
  readonly serverUrl: string;
}

/** Writes versions `from`..`to` of every order (one stream record each); version by version, so a key's records stay in order. */
async function writeVersions(
  client: DynamoDBClient,
  table: string,
  orders: number,
  from: number,
  to: number,
) {
  const show = progress(`writing versions ${from}–${to} of ${orders} orders`);
  for (let version = from; version <= to; version++) {
    const starts = Array.from({ length: Math.ceil(orders / 25) }, (_, k) => k * 25);
    await pool(starts, 4, async (start) => {
      const puts = [];
      for (let o = start; o < Math.min(orders, start + 25); o++) {
        const id = `memory-${o}`;
        const event = makeEvent('order', id, version, { state: { ...sampleOrderState(id, version) } });
        puts.push({ PutRequest: { Item: aggregateItem(event) } });
      }
      let request: Record<string, (typeof puts)[number][]> | undefined = { [table]: puts };
      while (request && Object.keys(request).length > 0)
        request = (await client.send(new BatchWriteItemCommand({ RequestItems: request })))
          .UnprocessedItems as typeof request | undefined;
    });
    show((version - from + 1) * orders, (to - from + 1) * orders);
  }
}

/** Runs memory-drain.ts in its own Node process and returns what it printed. */
function drain(
  input: DrainInput,
): Promise<MemorySummary & { seconds: number; perDownstream: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    // BENCH_PROFILE_DIR: a V8 CPU profile of each drain process goes there (what bounds the drain).
    const profile = process.env['BENCH_PROFILE_DIR'];
    const args = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), '--import', 'tsx'];
    const child = spawn(process.execPath, [...args, join(__dirname, 'memory-drain.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: 'tsconfig.base.json',
        BENCH_MEMORY_DRAIN: JSON.stringify(input),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the drain process exited with ${code}`));
      try {
        resolve(JSON.parse(output.trim().split('\n').pop() as string));
      } catch (error) {
        reject(new Error(`the drain process printed no result: ${output.slice(0, 500)} (${String(error)})`));
      }
    });
  });
}

export async function memoryBench(options: MemoryBenchOptions) {
  const dynamo = await startDynamoDbLocal();
  const client = createClient(dynamo.endpoint);
  const table = 'bench-memory-orders';
  const results: ({ backlog: number; versionsPerOrder: number; loadSeconds: number } & Awaited<
    ReturnType<typeof drain>
  >)[] = [];
  try {
    const { streamArn } = await ensureTable(client, outboxTable(table));
    let written = 0;
    for (const backlog of options.backlogs) {
      // The stream grows to `backlog` records; each drain reads it from TRIM_HORIZON into fresh downstreams.
      const versions = Math.ceil(backlog / options.orders);
      const loadStarted = nowMs();
      await writeVersions(client, table, options.orders, written + 1, versions);
      const loadSeconds = (nowMs() - loadStarted) / 1000;
      written = versions;
      const db = await createTestLegacyDatabase(
        { dir: join(REPO_ROOT, 'prisma') },
        { kind: 'postgres', serverUrl: options.serverUrl },
      );
      const dataDir = mkdtempSync(join(tmpdir(), 'outflow-bench-memory-'));
      try {
        process.stderr.write(`  draining a backlog of ${versions * options.orders} changes\n`);
        const summary = await drain({
          endpoint: dynamo.endpoint,
          streamArn: streamArn as string,
          databaseUrl: db.environment['DATABASE_URL'] as string,
          dataDir,
          backlog: versions * options.orders,
        });
        results.push({
          backlog: versions * options.orders,
          versionsPerOrder: versions,
          loadSeconds: round(loadSeconds, 1),
          ...summary,
          seconds: round(summary.seconds, 1),
        });
      } finally {
        await db.destroy();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    client.destroy();
    await dynamo.stop();
  }
  const spread = peakSpread(results);
  return {
    benchmark: 'memory',
    what: `resident memory (RSS) of one Node process running the local runtime and every downstream's consumer of outflowTopology (as npm start does; the search emulator in the same process, PostgreSQL and DynamoDB Local outside it) while it drains a stream already holding a backlog of N changes over ${options.orders} orders`,
    input: { backlogs: results.map((r) => r.backlog), orders: options.orders },
    peakRssMiB: Object.fromEntries(results.map((r) => [r.backlog, r.peakRssMiB])),
    results,
    ratio: { peakSpread: spread },
    target: { peakSpread: '≤ 0.20 (every peak within ±20 % of the smallest backlog’s)' },
    met: { peakSpread: spread <= 0.2 },
    machine: machine(),
    at: new Date().toISOString(),
  };
}
