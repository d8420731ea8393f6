// `npm run bench -- backfill-rate` (issue 17's measurement; issue 20's full backfill benchmark is
// separate): how fast `outflow backfill` brings an empty legacy database to the source's state, end
// to end — `npm start` (a child process, AWS time), the bin sending every order to the legacy-rdb
// buffer queue, the re-keying Pipe, the FIFO queue and legacy-rdb-sync writing PostgreSQL — against
// the practical limit: the same parallel Scan and a bare multi-row INSERT of the same rows with `pg`.
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { sleep, type LegacyRow } from '@outflow/core-application';
import { createClient } from '@outflow/dynamodb-local';
import { scanAggregates, type ScanPosition } from '@outflow/dynamodb-outbox';
import { ordersLegacyMapping } from '@outflow/orders';
import { sampleOrderState } from '@outflow/orders/testing';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { machine, nowMs, REPO_ROOT, round } from './bench-kit';

export interface BackfillRateOptions {
  readonly orders: number;
  readonly segments: number;
  readonly serverUrl: string;
}

const BIN = join(REPO_ROOT, 'apps/outflow-cli/bin/outflow.cjs');

/** `npm start` on a fresh data dir against `databaseUrl`; resolves once dev.json is written. */
async function startDev(
  dataDir: string,
  databaseUrl: string,
): Promise<{ child: ChildProcess; dynamodb: string; table: string }> {
  const child = spawn(process.execPath, [BIN, 'dev', '--data-dir', dataDir, '--port', '0'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: 'ignore',
  });
  const state = join(dataDir, 'dev.json');
  const deadline = Date.now() + 120_000;
  while (!existsSync(state)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('outflow dev did not become ready');
    await sleep(50);
  }
  return { child, ...(JSON.parse(readFileSync(state, 'utf8')) as { dynamodb: string; table: string }) };
}

/** Orders as aggregate items without outbox attributes (written before Outflow: the Pipe never passes them on). */
async function seed(endpoint: string, table: string, orders: number): Promise<void> {
  const client = createClient(endpoint);
  try {
    for (let i = 0; i < orders; i += 25) {
      const items = Array.from({ length: Math.min(25, orders - i) }, (_, k) => {
        const id = `bench-bf-${i + k}`;
        return {
          PutRequest: {
            Item: {
              pk: { S: `order#${id}` },
              sk: { S: 'AGGREGATE' },
              aggregateType: { S: 'order' },
              aggregateId: { S: id },
              version: { N: '2' },
              state: { M: marshall({ ...sampleOrderState(id, 2) }) },
            },
          },
        };
      });
      await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: items } }));
    }
  } finally {
    client.destroy();
  }
}

/** An empty database on the server (`npm start` applies the migrations to it); `destroy` drops it. */
async function freshDatabase(serverUrl: string): Promise<{ url: string; destroy(): Promise<void> }> {
  const name = `outflow_bench_backfill_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), destroy: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const count = async (url: string): Promise<number> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query('SELECT count(*) AS n FROM outflow_projection_versions')).rows[0].n);
  } finally {
    await client.end();
  }
};

/** The backfill lane: seconds from starting `outflow backfill` until the legacy database holds every order. */
async function outflowLane(
  options: BackfillRateOptions,
): Promise<{ seconds: number; commandSeconds: number }> {
  const db = await freshDatabase(options.serverUrl);
  const url = db.url;
  const dataDir = mkdtempSync(join(tmpdir(), 'outflow-bench-backfill-'));
  const dev = await startDev(dataDir, url);
  try {
    await seed(dev.dynamodb, dev.table, options.orders);
    await sleep(2000); // npm start's demo orders are applied by then: counted apart
    const target = (await count(url)) + options.orders;
    const started = nowMs();
    const args = [
      'backfill',
      '--target',
      'legacy-rdb',
      '--data-dir',
      dataDir,
      '--segments',
      String(options.segments),
      '--json',
    ];
    const run = new Promise<number>((resolve, reject) =>
      execFile(process.execPath, [BIN, ...args], { cwd: REPO_ROOT }, (error, stdout, stderr) =>
        error
          ? reject(new Error(`outflow backfill failed: ${stderr}`))
          : resolve((JSON.parse(stdout) as { seconds: number }).seconds),
      ),
    );
    while ((await count(url)) < target) await sleep(100);
    const seconds = (nowMs() - started) / 1000;
    return { seconds, commandSeconds: await run };
  } finally {
    const exited = new Promise((r) => dev.child.once('exit', r));
    dev.child.kill('SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
    await db.destroy();
  }
}

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

/** The raw lane: the same parallel Scan, each page's rows written with one multi-row INSERT per table. */
async function rawLane(options: BackfillRateOptions): Promise<number> {
  const db = await freshDatabase(options.serverUrl);
  const url = db.url;
  const dataDir = mkdtempSync(join(tmpdir(), 'outflow-bench-raw-'));
  const dev = await startDev(dataDir, url); // the same DynamoDB Local setup; its consumers stay idle
  const dynamo = createClient(dev.dynamodb);
  try {
    await seed(dev.dynamodb, dev.table, options.orders);
    const started = nowMs();
    await Promise.all(
      Array.from({ length: options.segments }, async (_, segment) => {
        const pg = new Client({ connectionString: url });
        pg.on('error', () => undefined); // dropped with its database if another segment fails
        await pg.connect();
        let from: ScanPosition | undefined;
        do {
          const page = await scanAggregates(dynamo, {
            tableName: dev.table,
            segment,
            totalSegments: options.segments,
            ...(from ? { from } : {}),
          });
          const rows = page.snapshots.map((s) => {
            const mapped = ordersLegacyMapping.toRows(s.aggregateId, s.state ?? {});
            if (!mapped.ok) throw new Error(mapped.error.message);
            return mapped.value;
          });
          if (rows.length > 0) {
            await pg.query('BEGIN');
            // Upserts, like the consumer benchmark's bare lane (npm start's demo orders are there already).
            const orders = multiRowInsert(
              'orders',
              rows.map((r) => r.root),
              ` ON CONFLICT (id) DO UPDATE SET ${Object.keys(rows[0]?.root ?? {})
                .filter((c) => c !== 'id')
                .map((c) => `${c} = EXCLUDED.${c}`)
                .join(', ')}`,
            );
            await pg.query(orders.text, orders.values);
            await pg.query('DELETE FROM order_items WHERE order_id = ANY($1::text[])', [
              page.snapshots.map((s) => s.aggregateId),
            ]);
            const items = rows.flatMap((r) => r.children['order_items'] ?? []);
            if (items.length > 0) {
              const insert = multiRowInsert('order_items', items);
              await pg.query(insert.text, insert.values);
            }
            await pg.query('COMMIT');
          }
          from = page.next;
        } while (from);
        await pg.end();
      }),
    );
    return (nowMs() - started) / 1000;
  } finally {
    dynamo.destroy();
    const exited = new Promise((r) => dev.child.once('exit', r));
    dev.child.kill('SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
    await db.destroy();
  }
}

export async function backfillRateBench(options: BackfillRateOptions) {
  const { seconds: outflowSeconds, commandSeconds } = await outflowLane(options);
  const rawSeconds = await rawLane(options);
  const outflow = round(options.orders / outflowSeconds);
  const raw = round(options.orders / rawSeconds);
  return {
    benchmark: 'backfill-rate',
    what: `outflow backfill --target legacy-rdb of ${options.orders} orders (${options.segments} segments) into an empty PostgreSQL legacy database through npm start (buffer queue → re-keying Pipe → FIFO queue → legacy-rdb-sync, AWS time), until every order is applied; vs the same parallel Scan with a bare multi-row INSERT per page`,
    machine: machine(),
    ordersPerSecond: { outflow, raw },
    seconds: { outflow: round(outflowSeconds, 2), raw: round(rawSeconds, 2) },
    /** How long `outflow backfill` itself ran (scan and sends, tsx start-up excluded): the rest is the consumer catching up. */
    commandSeconds: round(commandSeconds, 2),
    ratio: { backfillVsRaw: round(outflow / raw, 3) },
    at: new Date().toISOString(),
  };
}
