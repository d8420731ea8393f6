import {
  DeleteTableCommand,
  ListTablesCommand,
  ResourceNotFoundException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { sleep } from '@outflow/core-application';
import { ensureTable } from '@outflow/dynamodb-local';
import { DynamoDbOutboxStore, outboxTable } from '@outflow/dynamodb-outbox';
import { startOpenSearchEmulator, type OpenSearchEmulator } from '@outflow/opensearch-emulator';
import { FileDeadLetters } from '@outflow/runtime-local';
import { outflowTopology } from '@outflow/topology';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { APPS_DIRS, devFiles, ORDERS_TABLE, REPO_ROOT } from '../dev/dev-environment';
import { buildLocalSubscriptions, disposeAll } from '../dev/local-apps';
import { planSeed, type ChaosPlan, type TimelineFault } from './plan';
import { SourceWriter } from './source-writer';
import { ChaosStack, type InjectedByRuntime } from './stack';
import { TcpProxy } from './tcp-proxy';
import { hasCommand, outflow, reconcileAll, type ReconcileReport } from './ops-commands';
import { checkReconcile, verify, type Verdict } from './verify';

/** What every seed of a run shares: DynamoDB Local and the PostgreSQL server. */
export interface ChaosEnvironment {
  readonly dynamoDbEndpoint: string;
  readonly dynamo: DynamoDBClient;
  /** A PostgreSQL URL with the right to create databases (the suite makes one per seed). */
  readonly adminUrl: string;
}

export interface SeedOptions {
  readonly changes: number;
  readonly writeMs: number;
  readonly timeScale: number;
  /** How long the runtime may take to be idle after the writes (ms). */
  readonly settleMs: number;
}

/** What one seed did and found. */
export interface SeedResult {
  readonly seed: number;
  readonly plan: ChaosPlan;
  readonly orders: number;
  readonly poison: number;
  readonly injected: InjectedByRuntime & {
    kills: number;
    pgDrops: number;
    pgConnectionsCut: number;
    openSearchOutages: number;
    throttleWindows: number;
    /** `outflow backfill --target all` runs during the writes (0 before the CLI had the command). */
    backfills: number;
    /** Whether `outflow reconcile --target all` checked the seed too. */
    reconciled: boolean;
    /** Store clients that could be throttled (0: no subscription keeps its store in DynamoDB). */
    throttleClients: number;
  };
  readonly verdict?: Verdict;
  /** An error that stopped the seed before its verdict (e.g. the runtime never became idle). */
  readonly error?: string;
  readonly seconds: number;
  /** Where the time went (s): first start, writes (with the restart), settling, the comparison. */
  readonly phases: Readonly<Record<'start' | 'writes' | 'settle' | 'check', number>>;
  /** Kept when the seed failed: the stack's log and data. */
  readonly dataDir?: string;
}

/** A database of its own on the server, dropped afterwards. */
async function withDatabase<T>(
  adminUrl: string,
  name: string,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/**
 * A fresh orders table (its stream too) for the seed, and no other table: whatever a
 * subscription keeps in DynamoDB (a store in DynamoDB) starts empty too.
 */
async function freshTables(dynamo: DynamoDBClient): Promise<void> {
  const { TableNames = [] } = await dynamo.send(new ListTablesCommand({}));
  for (const TableName of TableNames) {
    try {
      await dynamo.send(new DeleteTableCommand({ TableName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
  await ensureTable(dynamo, outboxTable(ORDERS_TABLE));
}

interface SeedParts {
  readonly plan: ChaosPlan;
  readonly dataDir: string;
  readonly proxy: TcpProxy;
  readonly openSearch: OpenSearchEmulator;
  readonly stack: ChaosStack;
  readonly writer: SourceWriter;
  readonly counts: { pgDrops: number; openSearchOutages: number; throttleWindows: number; backfills: number };
  /** What went wrong with `outflow backfill` runs. */
  readonly backfillErrors: string[];
  /** `outflow reconcile --target all --json` after quiescence, when the CLI has it. */
  reconcile?: ReconcileReport;
}

/**
 * Strikes a process-level fault. An outage strikes a running stack (it waits for a restart to be
 * ready), so it lands mid-batch; a kill returns the restart. Both run while the writes go on.
 */
function strike(fault: TimelineFault, parts: SeedParts): Promise<void> {
  if (fault.kind === 'kill')
    return parts.stack.kill().then(async () => {
      await sleep(fault.downMs);
      await parts.stack.start();
    });
  if (fault.kind === 'backfill') return backfill(parts);
  return parts.stack.whenReady().then(() => {
    if (fault.kind === 'pg-drop') {
      parts.counts.pgDrops += 1;
      parts.proxy.drop(fault.ms);
    } else if (fault.kind === 'dynamodb-throttle') {
      parts.counts.throttleWindows += 1;
      parts.stack.throttle(fault.ms);
    } else {
      parts.counts.openSearchOutages += 1;
      parts.openSearch.faults.answerFor(fault.status, fault.ms);
    }
  });
}

/** `outflow backfill --target all` on the running stack while the writes go on (once the CLI has it). */
async function backfill(parts: SeedParts): Promise<void> {
  if (!hasCommand('backfill')) return;
  await parts.stack.whenReady();
  parts.counts.backfills += 1;
  const run = await outflow(['backfill', '--target', 'all', '--json', '--data-dir', parts.dataDir]);
  if (run.code !== 0)
    parts.backfillErrors.push(
      `outflow backfill exited ${run.code}: ${`${run.stdout}${run.stderr}`.slice(0, 500)}`,
    );
}

/** Writes the history at its pace, striking each timeline fault when its op is reached. */
async function writeHistory(parts: SeedParts): Promise<void> {
  const restarts: Promise<void>[] = [];
  const timeline = [...parts.plan.timeline];
  const started = Date.now();
  for (const [index, op] of parts.plan.ops.entries()) {
    while (timeline[0] && timeline[0].atOp <= index) {
      const struck = strike(timeline.shift() as TimelineFault, parts);
      // Awaited after the writes; marked handled now so a failed restart is no unhandled rejection.
      struck.catch(() => undefined);
      restarts.push(struck);
    }
    await parts.writer.write(op);
    // Paced to the plan's rate; a slower source just writes back to back.
    const due = started + (index + 1) * parts.plan.gapMs;
    if (due > Date.now()) await sleep(due - Date.now());
  }
  await Promise.all(restarts);
}

/** After quiescence: the stack stopped, each downstream read through its own store and compared. */
async function inspect(parts: SeedParts, env: ChaosEnvironment, databaseUrl: string): Promise<Verdict> {
  const stores = await buildLocalSubscriptions(
    outflowTopology,
    {
      dataDir: parts.dataDir,
      repoRoot: REPO_ROOT,
      dynamoDbEndpoint: env.dynamoDbEndpoint,
      env: { DATABASE_URL: databaseUrl, OPENSEARCH_URL: parts.openSearch.url },
      purpose: 'inspect',
      log: () => undefined,
      warn: () => undefined,
    },
    APPS_DIRS,
  );
  try {
    return await verify({
      source: new DynamoDbOutboxStore({ tableName: ORDERS_TABLE, client: env.dynamo }),
      orders: [...parts.writer.orders.values()],
      subscriptions: outflowTopology.subscriptions,
      stores: Object.fromEntries(Object.entries(stores).map(([name, local]) => [name, local.store])),
      deadLetters: new FileDeadLetters(devFiles(parts.dataDir).deadLetters).list(),
    });
  } finally {
    await disposeAll(stores, () => undefined);
  }
}

async function runParts(
  parts: SeedParts,
  env: ChaosEnvironment,
  databaseUrl: string,
  options: SeedOptions,
  phases: Record<string, number>,
) {
  let mark = Date.now();
  const lap = (phase: string) => {
    phases[phase] = (Date.now() - mark) / 1000;
    mark = Date.now();
  };
  await parts.stack.start();
  lap('start');
  try {
    await writeHistory(parts);
    lap('writes');
    await parts.stack.idle(options.settleMs);
    // Reconcile runs against the stack while it runs (its stores through its control API).
    if (hasCommand('reconcile')) parts.reconcile = await reconcileAll(parts.dataDir);
  } finally {
    await parts.stack.stop();
    lap('settle');
  }
  const verdict = await inspect(parts, env, databaseUrl);
  lap('check');
  return verdict;
}

interface SeedRun {
  readonly seed: number;
  readonly plan: ChaosPlan;
  readonly dataDir: string;
  readonly openSearch: OpenSearchEmulator;
  readonly writer: SourceWriter;
  readonly counts: { pgDrops: number; openSearchOutages: number; throttleWindows: number; backfills: number };
  readonly backfillErrors: string[];
  readonly phases: Record<'start' | 'writes' | 'settle' | 'check', number>;
  parts?: SeedParts;
  verdict?: Verdict;
  error?: string;
}

/** In a database of the seed's own, behind the proxy: the stack, the history, the verdict. */
async function runInDatabase(run: SeedRun, env: ChaosEnvironment, options: SeedOptions): Promise<void> {
  await withDatabase(env.adminUrl, `outflow_chaos_${process.pid}_${run.seed}`, async (databaseUrl) => {
    const pg = new URL(databaseUrl);
    const proxy = await TcpProxy.start({ host: pg.hostname, port: Number(pg.port || 5432) });
    const viaProxy = new URL(databaseUrl);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const stack = new ChaosStack(
      {
        dataDir: run.dataDir,
        dynamoDbEndpoint: env.dynamoDbEndpoint,
        timeScale: options.timeScale,
        env: { DATABASE_URL: viaProxy.toString(), OPENSEARCH_URL: run.openSearch.url },
        faults: run.plan.runtime,
      },
      run.seed,
    );
    const { plan, dataDir, openSearch, writer, counts, backfillErrors } = run;
    run.parts = { plan, dataDir, proxy, openSearch, stack, writer, counts, backfillErrors };
    try {
      run.verdict = await runParts(run.parts, env, databaseUrl, options, run.phases);
      for (const error of run.backfillErrors)
        run.verdict.findings.push({ subscription: 'backfill', problem: error });
      if (run.parts.reconcile) checkReconcile(run.parts.reconcile, run.verdict);
    } finally {
      await stack.kill();
      await proxy.close();
    }
  });
}

function resultOf(run: SeedRun, started: number): SeedResult {
  const failed = run.error !== undefined || (run.verdict?.findings.length ?? 0) > 0;
  if (!failed) rmSync(run.dataDir, { recursive: true, force: true });
  const orders = [...run.writer.orders.values()];
  return {
    seed: run.seed,
    plan: run.plan,
    orders: orders.length,
    poison: orders.reduce((n, o) => n + o.poison.size, 0),
    injected: {
      ...(run.parts?.stack.injected ?? { duplicates: 0, holds: 0, crashes: 0, throttled: 0 }),
      throttleWindows: run.counts.throttleWindows,
      backfills: run.counts.backfills,
      reconciled: run.parts?.reconcile !== undefined,
      throttleClients: run.parts?.stack.throttleClients ?? 0,
      kills: run.parts?.stack.kills ?? 0,
      pgDrops: run.counts.pgDrops,
      pgConnectionsCut: run.parts?.proxy.dropped ?? 0,
      openSearchOutages: run.counts.openSearchOutages,
    },
    ...(run.verdict ? { verdict: run.verdict } : {}),
    ...(run.error ? { error: run.error } : {}),
    seconds: (Date.now() - started) / 1000,
    phases: run.phases,
    ...(failed ? { dataDir: run.dataDir } : {}),
  };
}

/**
 * One seed end to end: a fresh table, database, OpenSearch emulator and data dir; the stack started
 * in a child process; the history written while the faults strike; quiescence; the verdict.
 */
export async function runSeed(
  seed: number,
  env: ChaosEnvironment,
  options: SeedOptions,
): Promise<SeedResult> {
  const started = Date.now();
  const plan = planSeed(seed, { changes: options.changes, writeMs: options.writeMs });
  await freshTables(env.dynamo);
  const run: SeedRun = {
    seed,
    plan,
    dataDir: mkdtempSync(join(tmpdir(), `outflow-chaos-${seed}-`)),
    openSearch: await startOpenSearchEmulator(),
    writer: new SourceWriter(new DynamoDbOutboxStore({ tableName: ORDERS_TABLE, client: env.dynamo }), seed),
    counts: { pgDrops: 0, openSearchOutages: 0, throttleWindows: 0, backfills: 0 },
    backfillErrors: [],
    phases: { start: 0, writes: 0, settle: 0, check: 0 },
  };
  try {
    await runInDatabase(run, env, options);
  } catch (caught) {
    run.error = (caught as Error).message;
  } finally {
    await run.openSearch.stop();
  }
  return resultOf(run, started);
}
