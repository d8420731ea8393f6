import { ApplyChanges, type ProjectionStore } from '@outflow/core-application';
import {
  openLegacyDatabase,
  ordersMapping,
  PrismaLegacyProjection,
  type LegacyDatabase,
} from '@outflow/prisma-legacy-projection';
import { Container } from 'inversify';
import { readConfig, type LegacyRdbSyncConfig } from './config';
import { fetchDatabaseUrl } from './database-secret';
import { TOKENS } from './tokens';

async function openDatabase(config: LegacyRdbSyncConfig): Promise<LegacyDatabase> {
  const setting = config.database;
  if (setting.kind === 'pglite') return openLegacyDatabase({ kind: 'pglite', dataDir: setting.dataDir });
  const url = setting.kind === 'url' ? setting.url : await fetchDatabaseUrl(setting.secretArn);
  return openLegacyDatabase({ kind: 'postgres', url });
}

/** Wires the consumer: config → legacy database → PrismaLegacyProjection → ApplyChanges. */
export function createContainer(config: LegacyRdbSyncConfig): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(config);
  container
    .bind(TOKENS.LegacyDatabase)
    .toResolvedValue((c: LegacyRdbSyncConfig) => openDatabase(c), [TOKENS.Config]);
  container
    .bind(TOKENS.ProjectionStore)
    .toResolvedValue(
      (db: LegacyDatabase) => new PrismaLegacyProjection({ sql: db.sql, mappings: [ordersMapping] }),
      [TOKENS.LegacyDatabase],
    );
  container
    .bind(TOKENS.ApplyChanges)
    .toResolvedValue((store: ProjectionStore) => new ApplyChanges(store), [TOKENS.ProjectionStore]);
  return container;
}

/** The use case the queue handler drives, built from this process's environment (validated once). */
export function applyChangesFromEnvironment(): Promise<ApplyChanges> {
  return createContainer(readConfig(process.env)).getAsync(TOKENS.ApplyChanges);
}
