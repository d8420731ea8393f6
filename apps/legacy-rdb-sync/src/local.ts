// legacy-rdb-sync's consumer for `npm start` (package.json exports["./local"]): the outflow CLI
// loads it for the `legacy-rdb` subscription of the topology. Everything local-only lives here —
// the embedded PGlite database and the migrations — so the Lambda bundle never carries them.
import {
  applyMigrations,
  assertDatabaseUrl,
  briefMessage,
  explainDatabaseFailure,
  openLocalLegacyDatabase,
} from '@outflow/prisma-legacy-projection/local';
import {
  describeTarget,
  type LegacyDatabase,
  type LegacyDatabaseTarget,
} from '@outflow/prisma-legacy-projection';
import { createSqsApplyHandler } from '@outflow/runtime-lambda';
import {
  LocalSubscriptionError,
  type LocalStack,
  type LocalSubscriptionFactory,
} from '@outflow/runtime-local';
import { join } from 'node:path';
import { createContainer } from './composition-root';
import { TOKENS } from './tokens';

/** The PostgreSQL server at DATABASE_URL, else embedded PGlite in `<data dir>/legacy-db` (or LEGACY_PGLITE_DIR). */
export function localTarget(stack: LocalStack): LegacyDatabaseTarget {
  const url = stack.env['DATABASE_URL'];
  if (url) return { kind: 'postgres', url };
  return { kind: 'pglite', dataDir: stack.env['LEGACY_PGLITE_DIR'] || join(stack.dataDir, 'legacy-db') };
}

/** One sentence saying why the legacy database cannot be used and what to do. */
function failure(target: LegacyDatabaseTarget, error: unknown, during: 'open' | 'migrate'): string {
  if (target.kind === 'postgres')
    return explainDatabaseFailure(error, { url: target.url, setting: 'DATABASE_URL' }).message;
  return during === 'open'
    ? `Cannot open the embedded legacy database (${describeTarget(target)}): ${briefMessage(error)}; if another \`npm start\` is running, stop it first, otherwise run \`npm start -- --reset\`.`
    : `Applying the legacy database migrations (prisma/migrations) to ${describeTarget(target)} failed: ${briefMessage(error)}; run \`npm start -- --reset\` to start from an empty database.`;
}

async function open(target: LegacyDatabaseTarget): Promise<LegacyDatabase> {
  try {
    if (target.kind === 'postgres') assertDatabaseUrl({ url: target.url, setting: 'DATABASE_URL' });
    const db = await openLocalLegacyDatabase(target);
    await db.sql.$queryRawUnsafe('SELECT 1');
    return db;
  } catch (error) {
    throw new LocalSubscriptionError(failure(target, error, 'open'), { cause: error });
  }
}

async function migrate(db: LegacyDatabase, stack: LocalStack): Promise<void> {
  try {
    await applyMigrations({ dir: join(stack.repoRoot, 'prisma') }, db.adapterFactory);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new LocalSubscriptionError(failure(db.target, error, 'migrate'), { cause: error });
  }
}

/**
 * Opens the legacy database (DATABASE_URL, else embedded PGlite in the data dir), applies the
 * committed migrations (unless only inspecting), and wires the consumer through the same composition root and handler
 * factory as the deployed Lambda (src/handlers/queue-apply.handler.ts).
 *
 * @throws LocalSubscriptionError saying what is wrong with the database or the migrations and what to do
 */
export const createLocalSubscription: LocalSubscriptionFactory = async (stack) => {
  const db = await open(localTarget(stack));
  if (stack.purpose === 'run') await migrate(db, stack);
  const container = createContainer(async () => db);
  const [applyChanges, store] = await Promise.all([
    container.getAsync(TOKENS.ApplyChanges),
    container.getAsync(TOKENS.ProjectionStore),
  ]);
  return {
    handler: createSqsApplyHandler(applyChanges),
    store,
    describe: db.target.kind === 'postgres' ? 'PostgreSQL at DATABASE_URL' : describeTarget(db.target),
    dispose: () => db.close(),
  };
};
