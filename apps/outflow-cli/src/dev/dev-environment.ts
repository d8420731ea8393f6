import {
  assertJava,
  createClient,
  createStreamsClient,
  ensureTable,
  startDynamoDbLocal,
  type RunningDynamoDbLocal,
} from '@outflow/dynamodb-local';
import { DynamoDbOutboxStore, outboxTable } from '@outflow/dynamodb-outbox';
import { compareOrder, legacyOrder, sourceOrder } from './order-views';
import {
  applyMigrations,
  closeSharedPglites,
  describeTarget,
  openLegacyDatabase,
  type LegacyDatabase,
  type LegacyDatabaseTarget,
} from '@outflow/prisma-legacy-projection';
import {
  DynamoDbStreamReader,
  FileCheckpointStore,
  FileDeadLetters,
  LocalRuntime,
  loadLambdaHandler,
  serveHttpApi,
  type HttpApiRoute,
  type ServedHttpApi,
} from '@outflow/runtime-local';
import { outflowTopology } from '@outflow/topology';
import { accessSync, constants, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DevError } from '../errors';

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const ORDERS_TABLE = 'outflow-orders-local-outbox';

/** `GET /_outflow/orders/{id}`: what `outflow show` asks a running dev process (its database is in-process). */
function showOrderRoute(client: ReturnType<typeof createClient>, legacy: LegacyDatabase): HttpApiRoute {
  const store = new DynamoDbOutboxStore({ tableName: ORDERS_TABLE, client });
  return {
    method: 'GET',
    path: '/_outflow/orders/{id}',
    handler: async (event: { pathParameters?: Record<string, string | undefined> }) => {
      const orderId = event.pathParameters?.['id'] ?? '';
      const comparison = compareOrder(
        orderId,
        await sourceOrder(store, orderId),
        await legacyOrder(legacy, orderId),
      );
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(comparison),
      };
    },
  } as unknown as HttpApiRoute;
}

export interface DevOptions {
  readonly dataDir: string;
  readonly port: number;
  /** PostgreSQL server URL; the embedded PGlite in the data dir when undefined. */
  readonly databaseUrl?: string;
  readonly log: (line: string) => void;
  readonly warn: (line: string) => void;
}

export interface DevEnvironment {
  readonly api: ServedHttpApi;
  readonly runtime: LocalRuntime;
  readonly dynamo: RunningDynamoDbLocal;
  readonly legacy: LegacyDatabase;
  readonly legacyTarget: LegacyDatabaseTarget;
  readonly files: DevFiles;
  /** Stops taking requests, lets the runtime settle or abandon its batch, stops everything. */
  stop(): Promise<void>;
}

export interface DevFiles {
  readonly root: string;
  readonly dynamodb: string;
  readonly legacyDb: string;
  readonly checkpoints: string;
  readonly deadLetters: string;
  readonly seeded: string;
  readonly state: string;
}

export const devFiles = (dataDir: string): DevFiles => ({
  root: dataDir,
  dynamodb: join(dataDir, 'dynamodb'),
  legacyDb: join(dataDir, 'legacy-db'),
  checkpoints: join(dataDir, 'checkpoints', 'orders.json'),
  deadLetters: join(dataDir, 'dead-letters.jsonl'),
  seeded: join(dataDir, 'seeded.json'),
  state: join(dataDir, 'dev.json'),
});

/** Loads a module of an app by path, as Lambda would load the deployed file. */
function loadAppModule<T>(relativePath: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an app's module, loaded by path
  return require(join(REPO_ROOT, relativePath)) as T;
}

function ensureWritable(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    const probe = join(dataDir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new DevError(
      `The data directory ${dataDir} is not writable (${(error as Error).message}). Outflow keeps DynamoDB Local's tables, the embedded legacy database and the runtime's checkpoints there. Fix its permissions, or choose another directory with --data-dir <dir>.`,
    );
  }
}

async function openLegacy(
  options: DevOptions,
  files: DevFiles,
): Promise<{ db: LegacyDatabase; target: LegacyDatabaseTarget }> {
  const target: LegacyDatabaseTarget = options.databaseUrl
    ? { kind: 'postgres', url: options.databaseUrl }
    : { kind: 'pglite', dataDir: files.legacyDb };
  let db: LegacyDatabase;
  try {
    db = await openLegacyDatabase(target);
    await db.prisma.$queryRawUnsafe('SELECT 1');
  } catch (error) {
    if (target.kind === 'postgres') {
      throw new DevError(
        `Cannot reach the PostgreSQL server in DATABASE_URL (${describeTarget(target)}): ${(error as Error).message}. Check that the server runs and the URL, user and password are right — or unset DATABASE_URL to use the embedded database in ${files.legacyDb}.`,
      );
    }
    throw new DevError(
      `Cannot open the embedded legacy database in ${files.legacyDb}: ${(error as Error).message}. If another \`npm start\` is running, stop it first; otherwise run \`npm start -- --reset\` to start from scratch.`,
    );
  }
  try {
    await applyMigrations({ dir: join(REPO_ROOT, 'prisma') }, db.adapterFactory);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new DevError(
      `Applying the legacy database migrations (prisma/migrations) to ${describeTarget(target)} failed: ${(error as Error).message}. ${target.kind === 'postgres' ? 'The user in DATABASE_URL needs the rights to create tables in that database.' : 'Run `npm start -- --reset` to start from an empty database.'}`,
    );
  }
  return { db, target };
}

/**
 * Starts the whole slice on this machine: DynamoDB Local (tables in the data dir), the legacy
 * database with its migrations, the local runtime from the topology running legacy-rdb-sync's
 * Lambda handler, and orders-service's API on localhost. Whatever started is stopped again when
 * a later step fails.
 */
export async function startDevEnvironment(options: DevOptions): Promise<DevEnvironment> {
  const files = devFiles(options.dataDir);
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => options.warn(`while stopping: ${(error as Error).message}`));
    cleanups.length = 0;
  };
  try {
    try {
      assertJava();
    } catch (error) {
      throw new DevError((error as Error).message);
    }
    ensureWritable(options.dataDir);

    const dynamo = await startDynamoDbLocal({ dataDir: files.dynamodb });
    cleanups.push(() => dynamo.stop());
    const client = createClient(dynamo.endpoint);
    const streams = createStreamsClient(dynamo.endpoint);
    cleanups.push(async () => {
      client.destroy();
      streams.destroy();
    });
    const { streamArn } = await ensureTable(client, outboxTable(ORDERS_TABLE));
    if (!streamArn)
      throw new DevError(
        `The table ${ORDERS_TABLE} in ${files.dynamodb} has no stream; run \`npm start -- --reset\` to recreate it.`,
      );

    const { db: legacy, target: legacyTarget } = await openLegacy(options, files);
    cleanups.push(async () => {
      await legacy.close();
      await closeSharedPglites();
    });

    // The Lambda handlers read their settings from the environment, as on AWS.
    for (const key of ['LEGACY_DB_SECRET_ARN', 'DATABASE_URL', 'LEGACY_PGLITE_DIR']) delete process.env[key];
    if (legacyTarget.kind === 'postgres') process.env['DATABASE_URL'] = legacyTarget.url;
    else process.env['LEGACY_PGLITE_DIR'] = files.legacyDb;
    process.env['TABLE_NAME'] = ORDERS_TABLE;
    process.env['DYNAMODB_ENDPOINT'] = dynamo.endpoint;
    process.env['LOG_LEVEL'] ??= 'warn';

    const subscription = outflowTopology.subscriptions.find((s) => s.name === 'legacy-rdb');
    if (!subscription) throw new DevError('the topology has no legacy-rdb subscription');
    const runtime = new LocalRuntime({
      topology: outflowTopology,
      sources: {
        orders: {
          reader: new DynamoDbStreamReader(streams, streamArn),
          checkpoints: new FileCheckpointStore(files.checkpoints),
        },
      },
      handlers: {
        'legacy-rdb': loadLambdaHandler(
          join(REPO_ROOT, 'apps/legacy-rdb-sync'),
          'src/handlers/queue-apply.handler.handler',
        ),
      },
      deadLetters: new FileDeadLetters(files.deadLetters),
      onWarning: options.warn,
    });
    runtime.start();
    cleanups.push(() => runtime.stop());

    const { routes } = loadAppModule<{ routes: readonly HttpApiRoute[] }>('apps/orders-service/src/routes');
    const showRoute = showOrderRoute(client, legacy);
    const api = await serveHttpApi({
      routes: [...routes, showRoute],
      port: options.port,
      portSetting: '--port <n> (npm start -- --port 3001)',
      onHandlerError: (error, route) => options.warn(`${route} failed: ${String(error)}`),
    }).catch((error: unknown) => {
      throw new DevError((error as Error).message);
    });
    cleanups.push(() => api.close());
    writeFileSync(
      files.state,
      JSON.stringify(
        {
          pid: process.pid,
          api: api.url,
          dynamodb: dynamo.endpoint,
          table: ORDERS_TABLE,
          legacy: describeTarget(legacyTarget),
        },
        null,
        2,
      ),
    );
    cleanups.push(async () => rmSync(files.state, { force: true }));

    return { api, runtime, dynamo, legacy, legacyTarget, files, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
