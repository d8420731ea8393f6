import { createClient, startDynamoDbLocal } from '@outflow/dynamodb-local';
import { DynamoDbOutboxStore } from '@outflow/dynamodb-outbox';
import { closeSharedPglites, openLegacyDatabase } from '@outflow/prisma-legacy-projection';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';
import { devFiles, ORDERS_TABLE, REPO_ROOT } from '../dev/dev-environment';
import {
  compareOrder,
  formatComparison,
  legacyOrder,
  sourceOrder,
  type OrderComparison,
} from '../dev/order-views';
import { readRunning } from './dev.command';

const usage = `Usage: outflow show order <id> [--data-dir <dir>] [--json]

Prints an order as the source table (DynamoDB Local) holds it and as the legacy database holds it
(version, status, total, items) and says whether they agree. Works while \`npm start\` runs (it asks
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

async function readStopped(dataDir: string, orderId: string): Promise<OrderComparison> {
  const files = devFiles(dataDir);
  if (!existsSync(files.dynamodb)) throw new Error(`no local data in ${dataDir}: run \`npm start\` first`);
  const dynamo = await startDynamoDbLocal({ dataDir: files.dynamodb });
  const client = createClient(dynamo.endpoint);
  const url = process.env['DATABASE_URL'];
  const db = await openLegacyDatabase(
    url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: files.legacyDb },
  );
  try {
    const source = await sourceOrder(new DynamoDbOutboxStore({ tableName: ORDERS_TABLE, client }), orderId);
    return compareOrder(orderId, source, await legacyOrder(db, orderId));
  } finally {
    client.destroy();
    await db.close();
    await closeSharedPglites();
    await dynamo.stop();
  }
}

/** `outflow show order <id>`. */
export const showCommand: Command = {
  name: 'show',
  summary: 'show an order in the source table and in the legacy database, and whether they agree',
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
    return comparison.source || comparison.legacy ? EXIT_OK : 1;
  },
};
