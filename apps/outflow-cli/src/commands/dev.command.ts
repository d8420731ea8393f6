import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFlags } from '../cli/arguments';
import { type CliIo, type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';
import { DevError, DynamoDbLocalCrashedError, UsageError } from '../errors';
import { DEFAULT_TIME_SCALE, InvalidTimeScaleError, parseTimeScale } from '@outflow/runtime-local';
import { subscriptionRoute } from '../dev/status-line';
import { ORDERS_TABLE, REPO_ROOT, startDevEnvironment, type DevEnvironment } from '../dev/dev-environment';
import { StatusConsole } from '../dev/status-console';
import { formatDeadLetter } from '../dev/dead-letter-line';
import { prepareDataDir } from '../dev/lifecycle';
import type { DataDirLock } from '../dev/data-dir-lock';
import { recordProcess } from '../dev/processes';
import { outflowTopology } from '@outflow/topology';

const usage = `Usage: outflow dev [--port <n>] [--data-dir <dir>] [--time-scale <factor>] [--reset]   (npm start -- <options>)

Runs the whole slice on this machine: DynamoDB Local with the orders table (kept in the data dir),
every subscription of the topology with the consumer its app provides (package.json
exports["./local"]; e.g. a database in the data dir, or the PostgreSQL server at DATABASE_URL),
the local runtime (stream → Pipe → bus → each subscription in its delivery mode → its Lambda handler) and
orders-service's HTTP API on localhost. Seeds demo orders on the first run.
Ctrl-C stops everything; the next run resumes from the saved checkpoints. One run per data dir
(<data dir>/dev.lock): a second one names the running one and exits; a run that was killed is
cleaned up after (the DynamoDB Local it left is stopped) by the next one.

Options:
  --port <n>         port of the orders API (default 3000, or OUTFLOW_PORT)
  --data-dir <dir>   where everything is kept (default .outflow in the repository)
  --time-scale <f>   run AWS's timers × f, 0.001–1 (default 1 = AWS time): visibility timeouts (a
                     failed message waits 180 s × f), retry delays, batching windows, the 5-minute
                     deduplication window and the stream polling pace (250 ms × f); e.g. 0.1
  --reset            delete the data dir first (says what it deletes)
  --help             show this help

Exit codes: 0 stopped cleanly, 1 could not start or DynamoDB Local died (the message says why and
what to do), 2 bad usage.`;

const DEMO_ORDERS = [
  {
    orderId: 'demo-1',
    customerId: 'c-ada',
    currency: 'EUR',
    items: [{ sku: 'BOOK-42', quantity: 2, unitPriceCents: 1999 }],
  },
  {
    orderId: 'demo-2',
    customerId: 'c-grace',
    currency: 'EUR',
    items: [
      { sku: 'MUG-7', quantity: 1, unitPriceCents: 1250 },
      { sku: 'TEA-3', quantity: 3, unitPriceCents: 499 },
    ],
  },
  {
    orderId: 'demo-3',
    customerId: 'c-linus',
    currency: 'USD',
    items: [{ sku: 'PEN-1', quantity: 10, unitPriceCents: 150 }],
  },
];

async function seedOnce(env: DevEnvironment, log: (line: string) => void): Promise<void> {
  if (existsSync(env.files.seeded)) return;
  for (const order of DEMO_ORDERS) {
    const response = await fetch(`${env.api.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    if (response.status !== 201 && response.status !== 409)
      throw new Error(`seeding ${order.orderId} failed: HTTP ${response.status} ${await response.text()}`);
  }
  await fetch(`${env.api.url}/orders/demo-1/confirm`, { method: 'POST' });
  writeFileSync(
    env.files.seeded,
    JSON.stringify(
      { seededAt: new Date().toISOString(), orders: DEMO_ORDERS.map((o) => o.orderId) },
      null,
      2,
    ),
  );
  log(`seeded demo orders ${DEMO_ORDERS.map((o) => o.orderId).join(', ')} (first run only)`);
}

/** The API port from `--port`, else `OUTFLOW_PORT`, else 3000; an error names the setting it came from. */
function parsePort(flag: string | undefined, env: string | undefined): number {
  const [text, setting] = flag !== undefined ? [flag, '--port'] : [env, 'OUTFLOW_PORT'];
  if (text === undefined) return 3000;
  const port = Number(text);
  if (text.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(
      `${setting} must be a port number from 0 to 65535, got ${JSON.stringify(text)}`,
      false,
    );
  return port;
}

interface DevArgs {
  readonly port: number;
  readonly dataDir: string;
  readonly timeScale: number;
  readonly reset: boolean;
}

/** The options, or the exit code when there is nothing to run (help, bad usage). */
function parseDevArgs(args: readonly string[], io: CliIo): DevArgs | number {
  let values;
  try {
    values = parseFlags(args, {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'time-scale': { type: 'string' },
      reset: { type: 'boolean' },
    });
    if (values.help) {
      io.out(usage);
      return EXIT_OK;
    }
    const port = parsePort(values.port as string | undefined, process.env['OUTFLOW_PORT']);
    const dataDir = resolve((values['data-dir'] as string | undefined) ?? resolve(REPO_ROOT, '.outflow'));
    const scaleText = values['time-scale'] as string | undefined;
    const timeScale = scaleText === undefined ? DEFAULT_TIME_SCALE : parseTimeScale(scaleText).factor;
    return { port, dataDir, timeScale, reset: values.reset === true };
  } catch (error) {
    io.err(
      `outflow dev: ${(error as Error).message}${(error instanceof UsageError && error.withUsage) || error instanceof InvalidTimeScaleError ? `\n\n${usage}` : ''}`,
    );
    return EXIT_USAGE;
  }
}

function readyBanner(env: DevEnvironment, seconds: number): string {
  const width = Math.max(16, ...env.topology.subscriptions.map((s) => s.name.length));
  return [
    '',
    `Outflow is running (ready in ${seconds.toFixed(1)} s):`,
    `  ${'orders API'.padEnd(width)}  ${env.api.url}   (POST /orders, POST /orders/{id}/confirm|ship|cancel, GET|DELETE /orders/{id})`,
    `  ${'DynamoDB Local'.padEnd(width)}  ${env.dynamo.endpoint}   table ${ORDERS_TABLE}, data in ${env.files.dynamodb}`,
    ...env.topology.subscriptions.map(
      (s) =>
        `  ${s.name.padEnd(width)}  ${subscriptionRoute(s)}${env.subscriptions[s.name]?.describe ? `; ${env.subscriptions[s.name]?.describe}` : ''}`,
    ),
    `  ${'time'.padEnd(width)}  ${env.runtime.scale.describe()}: visibility timeouts, retries, batching and deduplication windows, stream polling (--time-scale)`,
    `  ${'checkpoints'.padEnd(width)}  ${env.files.checkpoints}`,
    `  ${'dead letters'.padEnd(width)}  ${env.files.deadLetters}`,
    '',
    `Try:  curl -s -X POST ${env.api.url}/orders -H 'content-type: application/json' -d '{"customerId":"c-1","currency":"EUR","items":[{"sku":"A","quantity":1,"unitPriceCents":500}]}'`,
    `      npx outflow show order demo-1`,
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}

async function start(
  args: DevArgs,
  io: StatusConsole,
  lock: DataDirLock,
): Promise<DevEnvironment | undefined> {
  io.out(`starting Outflow locally (data in ${args.dataDir})…`);
  try {
    const env = await startDevEnvironment({
      dataDir: args.dataDir,
      port: args.port,
      timeScale: args.timeScale,
      log: (line) => io.out(line),
      warn: (line) => io.err(`warning: ${line}`),
      onDeadLetter: (entry) => io.err(formatDeadLetter(entry, outflowTopology)),
      onProcessStarted: (what, pid) => lock.update({ child: recordProcess(what, pid) }),
    });
    lock.update({ api: env.api.url });
    return env;
  } catch (error) {
    io.err(
      `\noutflow dev could not start.\n${error instanceof DevError ? error.message : `Unexpected error: ${(error as Error).stack ?? String(error)}`}\nNothing was left running.`,
    );
    return undefined;
  }
}

/** Resolves on Ctrl-C (SIGINT) or SIGTERM. */
const untilSignal = () =>
  new Promise<void>((resolveSignal) => {
    process.once('SIGINT', () => resolveSignal());
    process.once('SIGTERM', () => resolveSignal());
  });

/** Runs until Ctrl-C (exit 0) or until DynamoDB Local dies under it (exit 1, saying so); then stops everything. */
async function runUntilStopped(env: DevEnvironment, io: StatusConsole): Promise<number> {
  const stopStatus = io.start(() => env.runtime.stats());
  const crashed = env.dynamo.exited.then((exit) => (exit.expected ? undefined : exit));
  const outcome = await Promise.race([untilSignal().then(() => undefined), crashed]);
  stopStatus();
  if (outcome) io.err(`outflow dev: ${new DynamoDbLocalCrashedError(env.dynamo.pid, outcome).message}`);
  io.out('stopping: no new requests; finishing or abandoning the batch in flight; saving checkpoints…');
  await env.stop();
  io.out('stopped. `npm start` resumes from here.');
  return outcome ? 1 : EXIT_OK;
}

/** `outflow dev`, what `npm start` runs. */
export const devCommand: Command = {
  name: 'dev',
  summary:
    'run the whole slice locally (DynamoDB Local, local runtime, every subscription, orders API) — what npm start runs',
  usage,
  async run(args, cliIo) {
    const parsed = parseDevArgs(args, cliIo);
    if (typeof parsed === 'number') return parsed;
    // The consumers' lag metric is for CloudWatch: locally the status line and `outflow status` show
    // the lag, and an embedded-metric-format line per batch would flood the console.
    process.env['POWERTOOLS_METRICS_DISABLED'] ??= 'true';
    const started = Date.now();
    const lock = await prepareDataDir(parsed, cliIo);
    if (!lock) return 1;
    const io = new StatusConsole(cliIo);
    try {
      const env = await start(parsed, io, lock);
      if (!env) return 1;
      await seedOnce(env, io.out.bind(io)).catch((error: unknown) =>
        io.err(`warning: ${(error as Error).message}`),
      );
      io.out(readyBanner(env, (Date.now() - started) / 1000));
      return await runUntilStopped(env, io);
    } finally {
      lock.release();
    }
  },
};

/** The pid of a running `outflow dev` on this data dir, if any. */
export function readRunning(dataDir: string): number | undefined {
  try {
    const { pid } = JSON.parse(readFileSync(resolve(dataDir, 'dev.json'), 'utf8')) as { pid: number };
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}
