import { createClient, startDynamoDbLocal } from '@outflow/dynamodb-local';
import { DynamoDbOutboxStore } from '@outflow/dynamodb-outbox';
import { parseOrderId } from '@outflow/orders';
import { FileDeadLetters, type LocalSubscription } from '@outflow/runtime-local';
import { outflowTopology } from '@outflow/topology';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';
import { APPS_DIRS, devFiles, ORDERS_TABLE, REPO_ROOT, stackBase } from '../dev/dev-environment';
import { buildLocalSubscriptions, disposeAll } from '../dev/local-apps';
import { compareOrder, formatComparison, type OrderComparison } from '../dev/order-comparison';
import { locateDataDir } from '../dev/locate-data-dir';
import { storesOf } from '../dev/show-order-route';
import { UsageError } from '../errors';
import { readRunning } from './dev.command';

const usage = `Usage: outflow show order <id> [--data-dir <dir>] [--json]

Prints an order as the source table (DynamoDB Local) holds it and as each subscription's store
holds it (version, status, total, items), and says whether they agree; a change of the order that
ended in a dead-letter queue is named with its reason and queue. Works while \`npm start\` runs (it
asks the running process) and when it does not (it opens the data dir itself).

Which \`npm start\`: --data-dir <dir> when given; else the one running on .outflow; else the one
running from this checkout with another --data-dir (each registers in <tmpdir>/outflow-running
while it runs); else the data kept in .outflow.

Exit codes: 0 shown (whether or not they agree), 1 not found on either side or the data cannot be
read, 2 bad usage (an id must start with a letter or digit and hold only letters, digits, ".", "_",
":" or "-").`;

/** Asks a running `outflow dev` (its database is embedded, one process at a time). */
async function askRunning(dataDir: string, orderId: string): Promise<OrderComparison | undefined> {
  if (!readRunning(dataDir)) return undefined;
  const { api } = JSON.parse(readFileSync(join(dataDir, 'dev.json'), 'utf8')) as { api: string };
  const response = await fetch(`${api}/_outflow/orders/${encodeURIComponent(orderId)}`);
  if (!response.ok)
    throw new Error(`the running \`npm start\` answered HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as OrderComparison;
}

/** Opens the data dir itself (nothing runs): DynamoDB Local and each subscription's store, read only. */
async function readStopped(dataDir: string, orderId: string): Promise<OrderComparison> {
  const files = devFiles(dataDir);
  if (!existsSync(files.dynamodb)) throw new Error(`no local data in ${dataDir}: run \`npm start\` first`);
  const dynamo = await startDynamoDbLocal({ dataDir: files.dynamodb });
  const client = createClient(dynamo.endpoint);
  const warn = (line: string) => process.stderr.write(`warning: ${line}\n`);
  let subscriptions: Record<string, LocalSubscription> = {};
  try {
    const base = stackBase({ dataDir, port: 0, log: () => undefined, warn }, dynamo.endpoint, 'inspect');
    subscriptions = await buildLocalSubscriptions(outflowTopology, base, APPS_DIRS);
    const source = new DynamoDbOutboxStore({ tableName: ORDERS_TABLE, client });
    const deadLetters = new FileDeadLetters(files.deadLetters).list();
    return await compareOrder(orderId, source, storesOf(subscriptions), deadLetters);
  } finally {
    await disposeAll(subscriptions, warn);
    client.destroy();
    await dynamo.stop();
  }
}

/** `order <id>` and the flags, or the usage error. */
function parseShowArgs(args: readonly string[]): { orderId: string; dataDir?: string; json: boolean } {
  const rest = [...args];
  const dirFlag = rest.indexOf('--data-dir');
  const dataDir = dirFlag >= 0 ? rest[dirFlag + 1] : undefined;
  if (dirFlag >= 0 && (dataDir === undefined || dataDir.startsWith('--')))
    throw new UsageError('--data-dir needs a directory');
  const unknown = rest.find(
    (a, i) => a.startsWith('--') && !['--json', '--data-dir'].includes(a) && i !== dirFlag + 1,
  );
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  const positionals = rest.filter((a, i) => !a.startsWith('--') && (dirFlag < 0 || i !== dirFlag + 1));
  const [kind, orderId, ...extra] = positionals;
  if (kind !== 'order' || orderId === undefined || extra.length > 0)
    throw new UsageError(
      `expected \`show order <id>\`${kind && kind !== 'order' ? ` (only orders can be shown, got "${kind}")` : ''}`,
    );
  const id = parseOrderId(orderId, 'id');
  if (!id.ok) throw new UsageError(`the order id ${id.error.message}`, false);
  return { orderId: id.value, json: rest.includes('--json'), ...(dataDir === undefined ? {} : { dataDir }) };
}

/** `outflow show order <id>`. */
export const showCommand: Command = {
  name: 'show',
  summary: 'show an order in the source table and in every downstream store, and whether they agree',
  usage,
  async run(args, io) {
    if (args.includes('--help')) {
      io.out(usage);
      return EXIT_OK;
    }
    let parsed: ReturnType<typeof parseShowArgs>;
    try {
      parsed = parseShowArgs(args);
    } catch (error) {
      const usageError = error as UsageError;
      io.err(`outflow show: ${usageError.message}${usageError.withUsage ? `\n\n${usage}` : ''}`);
      return EXIT_USAGE;
    }
    let comparison: OrderComparison;
    try {
      const dataDir = locateDataDir(parsed.dataDir, join(REPO_ROOT, '.outflow'), REPO_ROOT);
      comparison =
        (await askRunning(dataDir, parsed.orderId)) ?? (await readStopped(dataDir, parsed.orderId));
    } catch (error) {
      io.err(`outflow show: ${(error as Error).message}`);
      return 1;
    }
    io.out(parsed.json ? JSON.stringify(comparison, null, 2) : formatComparison(comparison));
    return comparison.found ? EXIT_OK : 1;
  },
};
