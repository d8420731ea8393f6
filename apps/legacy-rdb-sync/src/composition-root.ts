import { ApplyChanges, type ProjectionStore } from '@outflow/core-application';
import { ordersLegacyMapping } from '@outflow/orders';
import {
  openLegacyDatabase,
  PrismaLegacyProjection,
  type LegacyDatabase,
} from '@outflow/prisma-legacy-projection';
import { Container } from 'inversify';
import { readConfig, type LegacyRdbSyncConfig } from './config';
import { fetchDatabaseUrl } from './database-secret';
import { TOKENS } from './tokens';

/** Opens the legacy database the consumer writes; called once, on first use. */
export type OpenLegacyDatabase = () => Promise<LegacyDatabase>;

/** The database a deployed (or DATABASE_URL) configuration names: the secret's URL, or the URL (also `./ops`). */
export async function openConfiguredDatabase(config: LegacyRdbSyncConfig): Promise<LegacyDatabase> {
  const setting = config.database;
  const url = setting.kind === 'url' ? setting.url : await fetchDatabaseUrl(setting.secretArn);
  return openLegacyDatabase({ kind: 'postgres', url });
}

/**
 * Wires the consumer: legacy database → PrismaLegacyProjection (the orders mapping) → ApplyChanges.
 * On AWS the database comes from the configuration (`applyChangesFromEnvironment`); `npm start`
 * passes the one its local entry opened (src/local.ts).
 */
export function createContainer(openDatabase: OpenLegacyDatabase): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.LegacyDatabase).toResolvedValue(() => openDatabase());
  container
    .bind(TOKENS.ProjectionStore)
    .toResolvedValue(
      (db: LegacyDatabase) => new PrismaLegacyProjection({ sql: db.sql, mappings: [ordersLegacyMapping] }),
      [TOKENS.LegacyDatabase],
    );
  container
    .bind(TOKENS.ApplyChanges)
    .toResolvedValue((store: ProjectionStore) => new ApplyChanges(store), [TOKENS.ProjectionStore]);
  return container;
}

/** The use case the queue handler drives, built from this process's environment (validated once). */
export function applyChangesFromEnvironment(): Promise<ApplyChanges> {
  const config = readConfig(process.env);
  return createContainer(() => openConfiguredDatabase(config)).getAsync(TOKENS.ApplyChanges);
}
