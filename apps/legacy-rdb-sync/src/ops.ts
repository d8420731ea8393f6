// legacy-rdb-sync's store for operator commands on a deployed stage (package.json exports["./ops"]):
// `outflow reconcile --stage <stage>` loads it for the `legacy-rdb` subscription and lists the
// legacy database through the same PrismaLegacyProjection the consumer writes with.
import { describeTarget } from '@outflow/prisma-legacy-projection';
import type { OperatorStoreFactory } from '@outflow/runtime-lambda';
import { createContainer, openConfiguredDatabase } from './composition-root';
import { readConfig } from './config';
import { TOKENS } from './tokens';

/**
 * Opens the deployed legacy database from the operator's environment: exactly one of
 * DATABASE_URL (a PostgreSQL URL the operator's machine reaches) or LEGACY_DB_SECRET_ARN (the
 * stage's Secrets Manager secret, read with the operator's credentials).
 *
 * @throws ConfigError naming the missing or conflicting setting; a database error when it cannot be reached.
 */
export const createOperatorStore: OperatorStoreFactory = async (context) => {
  const config = readConfig(context.env);
  const container = createContainer(() => openConfiguredDatabase(config));
  const [db, store] = await Promise.all([
    container.getAsync(TOKENS.LegacyDatabase),
    container.getAsync(TOKENS.ProjectionStore),
  ]);
  return { store, describe: describeTarget(db.target), dispose: () => db.close() };
};
