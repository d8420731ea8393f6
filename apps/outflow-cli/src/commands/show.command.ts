import { createClient, startDynamoDbLocal } from '@outflow/dynamodb-local';
import { DynamoDbOutboxStore } from '@outflow/dynamodb-outbox';
import type { LocalSubscription } from '@outflow/runtime-local';
import { outflowTopology } from '@outflow/topology';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';
import { APPS_DIRS, devFiles, ORDERS_TABLE, REPO_ROOT, stackBase } from '../dev/dev-environment';
import { buildLocalSubscriptions, disposeAll } from '../dev/local-apps';
import { compareOrder, formatComparison, type OrderComparison } from '../dev/order-views';
import { storesOf } from '../dev/show-order-route';
import { readRunning } from './dev.command';

const usage = `Usage: outflow show order <id> [--data-dir <dir>] [--json]

Prints an order as the source table (DynamoDB Local) holds it and as each subscription's store
holds it (version, status, total, items), and says whether they agree. Works while \`npm start\` runs (it asks
the running process) and when it does not (it opens the data dir itself).

Exit codes: 0 shown (whether or not they agree), 1 not found on either side or the data cannot be read, 2 bad usage.`;

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
    return await compareOrder(orderId, source, storesOf(subscriptions));
  } finally {
    await disposeAll(subscriptions, warn);
    client.destroy();
    await dynamo.stop();
  }
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
    const rest = [...args];
    const json = rest.includes('--json');
    const dirFlag = rest.indexOf('--data-dir');
    const dataDir = resolve(dirFlag >= 0 ? (rest[dirFlag + 1] ?? '') : join(REPO_ROOT, '.outflow'));
    const positionals = rest.filter((a, i) => !a.startsWith('--') && (dirFlag < 0 || i !== dirFlag + 1));
    const [kind, orderId, ...extra] = positionals;
    if (kind !== 'order' || !orderId || extra.length > 0) {
      io.err(
        `outflow show: expected \`show order <id>\`${kind && kind !== 'order' ? ` (only orders can be shown, got "${kind}")` : ''}\n\n${usage}`,
      );
      return EXIT_USAGE;
    }
    let comparison: OrderComparison;
    try {
      comparison = (await askRunning(dataDir, orderId)) ?? (await readStopped(dataDir, orderId));
    } catch (error) {
      io.err(`outflow show: ${(error as Error).message}`);
      return 1;
    }
    io.out(json ? JSON.stringify(comparison, null, 2) : formatComparison(comparison));
    return comparison.source || Object.values(comparison.downstreams).some(Boolean) ? EXIT_OK : 1;
  },
};
