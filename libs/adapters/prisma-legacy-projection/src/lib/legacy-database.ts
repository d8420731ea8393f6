import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { DriverAdapterSql } from './adapter-sql';
import type { RawSql } from './prisma-legacy-projection';

/** Which database holds the legacy tables. */
export type LegacyDatabaseTarget =
  | LegacyServerTarget
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'pglite-memory' };

/** A PostgreSQL server, by connection URL (`postgresql://user:password@host:5432/db`). */
export interface LegacyServerTarget {
  readonly kind: 'postgres';
  readonly url: string;
}

export interface LegacyDatabase {
  readonly target: LegacyDatabaseTarget;
  /**
   * Raw, parameterised SQL straight through Prisma's driver adapter (what the projection uses).
   * There is no Prisma client here: the consumer never needs its query engine, and the Lambda
   * bundle is smaller without it.
   */
  readonly sql: RawSql;
  /** The driver adapter behind `sql`, for the migration engine. */
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

/**
 * Names every statement after its text, so PostgreSQL parses and plans each distinct statement
 * once per connection and reuses it: the projection's statements have a fixed text per mapping
 * (values travel as arrays), so a batch costs only its execution.
 */
const preparedStatementName = (query: { sql: string }): string =>
  `outflow_${createHash('sha1').update(query.sql).digest('hex').slice(0, 24)}`;

/**
 * Opens the legacy database on a PostgreSQL server through Prisma 7's driver adapter `@prisma/adapter-pg`
 * (what the deployed consumer runs). Does not migrate. The embedded PGlite database and the
 * migrations are in `@outflow/prisma-legacy-projection/local`, so a Lambda bundle never carries them.
 */
export async function openLegacyDatabase(target: LegacyServerTarget): Promise<LegacyDatabase> {
  const adapterFactory = new PrismaPg(
    { connectionString: target.url },
    { statementNameGenerator: preparedStatementName },
  );
  return connectLegacyDatabase(target, adapterFactory, () => Promise.resolve());
}

/** A LegacyDatabase over a driver adapter; `release` runs after its connection is disposed. */
export async function connectLegacyDatabase(
  target: LegacyDatabaseTarget,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  release: () => Promise<void>,
): Promise<LegacyDatabase> {
  const sql = await DriverAdapterSql.connect(adapterFactory);
  return {
    target,
    sql,
    adapterFactory,
    close: async () => {
      await sql.dispose();
      await release();
    },
  };
}

/** A short description of where the legacy database is, without credentials. */
export function describeTarget(target: LegacyDatabaseTarget): string {
  if (target.kind === 'pglite') return `embedded PostgreSQL (PGlite) in ${target.dataDir}`;
  if (target.kind === 'pglite-memory') return 'embedded PostgreSQL (PGlite) in memory';
  try {
    const url = new URL(target.url);
    return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'PostgreSQL (unparseable DATABASE_URL)';
  }
}
