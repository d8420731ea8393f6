import {
  assertJava,
  createClient,
  createStreamsClient,
  ensureTable,
  startDynamoDbLocal,
  type RunningDynamoDbLocal,
} from '@outflow/dynamodb-local';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbOutboxStore, outboxTable } from '@outflow/dynamodb-outbox';
import {
  DynamoDbStreamReader,
  FileCheckpointStore,
  FileDeadLetters,
  LocalRuntime,
  serveHttpApi,
  type HttpApiRoute,
  type LocalRuntimeOptions,
  type LocalSubscription,
  type ServedHttpApi,
  type DeadLetterEntry,
} from '@outflow/runtime-local';
import { outflowTopology, type OutflowTopology } from '@outflow/topology';
import { accessSync, constants, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { devFiles, type DevFiles } from './dev-files';
import { DevError } from '../errors';
import { createDataDir, dataDirNotWritable } from './create-data-dir';
import { buildLocalSubscriptions, disposeAll, type StackBase } from './local-apps';
import { registerRunning } from './running-registry';
import { showOrderRoute } from './show-order-route';
import { PORT_SETTING } from './lifecycle';
import { serveControlApi } from '../control/control-api';

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const ORDERS_TABLE = 'outflow-orders-local-outbox';
/** Where apps are found by the name a topology entry gives (`subscription.app`). */
export const APPS_DIRS: readonly string[] = [join(REPO_ROOT, 'apps')];
export { devFiles };

export interface DevOptions {
  readonly dataDir: string;
  readonly port: number;
  /** The local runtime's time scale (`--time-scale`). @default DEFAULT_TIME_SCALE (1, AWS time) */
  readonly timeScale?: number;
  readonly log: (line: string) => void;
  readonly warn: (line: string) => void;
  /** Called with each change moved to a DLQ, as it is moved. */
  readonly onDeadLetter?: (entry: DeadLetterEntry) => void;
  /** Called with each process started (DynamoDB Local's java), so a later run can reap it if this one dies. */
  readonly onProcessStarted?: (what: string, pid: number) => void;
  /** The topology to run. @default outflowTopology */
  readonly topology?: OutflowTopology;
  /** Where apps are looked up by name, first match wins. @default APPS_DIRS */
  readonly appsDirs?: readonly string[];
  /** The environment the subscriptions read (e.g. DATABASE_URL). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Faults the local runtime injects (tests: e.g. `{ bus: { reorder: true } }`). @default none */
  readonly faults?: LocalRuntimeOptions['faults'];
  /**
   * A DynamoDB Local started by someone else to use instead of starting one: this run creates
   * the orders table in it if missing, and never stops it (the chaos suite keeps DynamoDB, like
   * AWS, outside the process it kills). @default start one with its data in the data dir
   */
  readonly dynamoDb?: { readonly endpoint: string };
  /** Given to every subscription (`LocalStack.instrumentDynamoDbClient`), e.g. the chaos suite's throttling. */
  readonly instrumentDynamoDbClient?: (client: DynamoDBClient) => void;
}

export interface DevEnvironment {
  readonly api: ServedHttpApi;
  /** The control API for operator commands (src/control), on 127.0.0.1 at a free port. */
  readonly control: ServedHttpApi;
  readonly runtime: LocalRuntime;
  readonly dynamo: RunningDynamoDbLocal;
  readonly topology: OutflowTopology;
  /** Each subscription's consumer, from its app's `./local` entry, by subscription name. */
  readonly subscriptions: Readonly<Record<string, LocalSubscription>>;
  readonly files: DevFiles;
  /** Stops taking requests, lets the runtime settle or abandon its batch, stops everything. */
  stop(): Promise<void>;
}

/** What was started, stopped again in reverse order (on stop, and when a later step fails). */
class Started {
  private readonly cleanups: (() => Promise<void>)[] = [];
  constructor(private readonly warn: (line: string) => void) {}
  add(cleanup: () => Promise<void>): void {
    this.cleanups.push(cleanup);
  }
  async stopAll(): Promise<void> {
    for (const cleanup of this.cleanups.reverse())
      await cleanup().catch((error: unknown) => this.warn(`while stopping: ${(error as Error).message}`));
    this.cleanups.length = 0;
  }
}

function ensureWritable(dataDir: string): void {
  createDataDir(dataDir);
  try {
    accessSync(dataDir, constants.W_OK);
    const probe = join(dataDir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw dataDirNotWritable(dataDir, (error as Error).message);
  }
}

/** A DynamoDB Local this run did not start: it never exits under this run, and stopping leaves it running. */
const attachedDynamoDb = (endpoint: string): RunningDynamoDbLocal => ({
  endpoint,
  port: Number(new URL(endpoint).port),
  pid: 0,
  exited: new Promise(() => undefined),
  stop: async () => undefined,
});

/** DynamoDB Local with the orders table in the data dir (or the one given), and clients for it and its stream. */
async function startDynamo(files: DevFiles, started: Started, options: DevOptions) {
  let dynamo: RunningDynamoDbLocal;
  if (options.dynamoDb) dynamo = attachedDynamoDb(options.dynamoDb.endpoint);
  else {
    dynamo = await startDynamoDbLocal({ dataDir: files.dynamodb });
    started.add(() => dynamo.stop());
    options.onProcessStarted?.('DynamoDB Local', dynamo.pid);
  }
  const client = createClient(dynamo.endpoint);
  const streams = createStreamsClient(dynamo.endpoint);
  started.add(async () => (client.destroy(), streams.destroy()));
  const { streamArn } = await ensureTable(client, outboxTable(ORDERS_TABLE));
  if (!streamArn)
    throw new DevError(
      `The table ${ORDERS_TABLE} in ${files.dynamodb} has no stream; run \`npm start -- --reset\` to recreate it.`,
    );
  return { dynamo, client, streams, streamArn };
}

/** What every subscription's `./local` entry is given. */
export const stackBase = (
  options: DevOptions,
  dynamoDbEndpoint: string,
  purpose: StackBase['purpose'],
): StackBase => ({
  dataDir: options.dataDir,
  repoRoot: REPO_ROOT,
  dynamoDbEndpoint,
  env: options.env ?? { ...process.env },
  purpose,
  log: options.log,
  warn: options.warn,
  ...(options.instrumentDynamoDbClient ? { instrumentDynamoDbClient: options.instrumentDynamoDbClient } : {}),
});

/** The local runtime from the topology, running each subscription's handler. */
function startRuntime(
  topology: OutflowTopology,
  stream: { streams: ReturnType<typeof createStreamsClient>; streamArn: string },
  files: DevFiles,
  subscriptions: Readonly<Record<string, LocalSubscription>>,
  options: Pick<DevOptions, 'warn' | 'timeScale' | 'onDeadLetter' | 'faults'>,
): LocalRuntime {
  const handlers = Object.fromEntries(Object.entries(subscriptions).map(([name, l]) => [name, l.handler]));
  const runtime = new LocalRuntime({
    topology,
    sources: {
      orders: {
        reader: new DynamoDbStreamReader(stream.streams, stream.streamArn),
        checkpoints: new FileCheckpointStore(files.checkpoints),
      },
    },
    handlers,
    deadLetters: new FileDeadLetters(files.deadLetters),
    deadLetterQueueDir: files.deadLetterQueues,
    archivePath: files.busArchive,
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
    onWarning: options.warn,
    ...(options.onDeadLetter ? { onDeadLetter: options.onDeadLetter } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  runtime.start();
  return runtime;
}

/**
 * The settings the subscriptions offer the API's handlers (`LocalSubscription.apiEnv`), merged.
 * @throws DevError when two subscriptions set one key to different values.
 *
 * @internal Exported for its spec.
 */
export function apiEnvOf(subscriptions: Readonly<Record<string, LocalSubscription>>): Record<string, string> {
  const env: Record<string, string> = {};
  const owner: Record<string, string> = {};
  for (const [name, subscription] of Object.entries(subscriptions))
    for (const [key, value] of Object.entries(subscription.apiEnv ?? {})) {
      if (owner[key] !== undefined && env[key] !== value)
        throw new DevError(
          `The subscriptions ${owner[key]} and ${name} both set ${key} for the API, to different values; let one of their ./local entries own it.`,
        );
      env[key] = value;
      owner[key] = name;
    }
  return env;
}

/** orders-service's HTTP API (the very Lambda handlers) plus the route `outflow show` asks. */
async function serveApi(options: DevOptions, showRoute: HttpApiRoute): Promise<ServedHttpApi> {
  // The Lambda handlers read their settings from the environment, as on AWS.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an app's module, loaded by path
  const { routes } = require(join(REPO_ROOT, 'apps/orders-service/src/routes')) as {
    routes: readonly HttpApiRoute[];
  };
  return serveHttpApi({
    routes: [...routes, showRoute],
    port: options.port,
    portSetting: PORT_SETTING,
    onHandlerError: (error, route) => options.warn(`${route} failed: ${String(error)}`),
  }).catch((error: unknown) => {
    throw new DevError((error as Error).message);
  });
}

/** dev.json: what `outflow show` and the operator commands read to reach this process. */
function writeState(
  files: DevFiles,
  api: ServedHttpApi,
  control: ServedHttpApi,
  dynamo: RunningDynamoDbLocal,
): void {
  const state = {
    pid: process.pid,
    api: api.url,
    control: control.url,
    dynamodb: dynamo.endpoint,
    table: ORDERS_TABLE,
  };
  writeFileSync(files.state, JSON.stringify(state, null, 2));
}

async function startAll(options: DevOptions, started: Started): Promise<DevEnvironment> {
  const files = devFiles(options.dataDir);
  const topology = options.topology ?? outflowTopology;
  try {
    assertJava();
  } catch (error) {
    throw new DevError((error as Error).message);
  }
  ensureWritable(options.dataDir);
  const { dynamo, client, streams, streamArn } = await startDynamo(files, started, options);
  const base = stackBase(options, dynamo.endpoint, 'run');
  const subscriptions = await buildLocalSubscriptions(topology, base, options.appsDirs ?? APPS_DIRS);
  started.add(() => disposeAll(subscriptions, options.warn));
  process.env['TABLE_NAME'] = ORDERS_TABLE;
  process.env['DYNAMODB_ENDPOINT'] = dynamo.endpoint;
  process.env['LOG_LEVEL'] ??= 'warn';
  Object.assign(process.env, apiEnvOf(subscriptions));
  const runtime = startRuntime(topology, { streams, streamArn }, files, subscriptions, options);
  started.add(() => runtime.stop());
  const source = new DynamoDbOutboxStore({ tableName: ORDERS_TABLE, client });
  const deadLetters = new FileDeadLetters(files.deadLetters);
  const api = await serveApi(
    options,
    showOrderRoute(source, subscriptions, () => deadLetters.list()),
  );
  started.add(() => api.close());
  const control = await serveControlApi(
    { dataDir: options.dataDir, topology, runtime, subscriptions },
    (error, route) => options.warn(`${route} failed: ${String(error)}`),
  );
  started.add(() => control.close());
  writeState(files, api, control, dynamo);
  started.add(async () => rmSync(files.state, { force: true }));
  const unregister = registerRunning(options.dataDir, REPO_ROOT); // how `outflow show` finds a --data-dir
  started.add(async () => unregister());
  return { api, control, runtime, dynamo, topology, subscriptions, files, stop: () => started.stopAll() };
}

/**
 * Starts the whole slice on this machine: DynamoDB Local (tables in the data dir), each
 * subscription's consumer from its app's `./local` entry (`subscription.app` of the topology), the
 * local runtime from the topology running their handlers, and orders-service's API on localhost.
 * Whatever started is stopped again when a later step fails.
 *
 * @throws DevError saying what is wrong and what to do (Java, data dir, port, a subscription's setup)
 */
export async function startDevEnvironment(options: DevOptions): Promise<DevEnvironment> {
  const started = new Started(options.warn);
  try {
    return await startAll(options, started);
  } catch (error) {
    await started.stopAll();
    throw error;
  }
}
