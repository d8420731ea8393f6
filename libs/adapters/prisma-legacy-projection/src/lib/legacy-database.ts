import { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client';
import { DriverAdapterSql } from './adapter-sql';
import { LegacyDatabaseError } from './errors';
import type { RawSql } from './prisma-legacy-projection';

/** Which database holds the legacy tables. */
export type LegacyDatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'pglite-memory' };

export interface LegacyDatabase {
  readonly target: LegacyDatabaseTarget;
  readonly prisma: PrismaClient;
  /** Raw SQL through the same driver adapter without the client's query engine (what the projection uses). */
  readonly sql: RawSql;
  /** The driver adapter behind `prisma`, for the migration engine. */
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

/** In-process PGlite is one connection: every user of a data dir in this process shares it. */
const pglites = new Map<string, { db: Promise<PGlite>; users: number }>();

async function openPglite(
  dataDir: string | undefined,
): Promise<{ db: PGlite; release: () => Promise<void> }> {
  if (dataDir === undefined) {
    const db = await PGlite.create();
    return { db, release: () => db.close() };
  }
  let entry = pglites.get(dataDir);
  if (!entry) {
    entry = { db: PGlite.create(dataDir), users: 0 };
    pglites.set(dataDir, entry);
  }
  entry.users += 1;
  const shared = entry;
  const db = await shared.db.catch((cause) => {
    pglites.delete(dataDir);
    throw new LegacyDatabaseError(
      `cannot open the embedded PostgreSQL (PGlite) data dir ${dataDir}: ${String(cause)}`,
      { cause },
    );
  });
  return {
    db,
    release: async () => {
      shared.users -= 1;
      if (shared.users === 0) {
        pglites.delete(dataDir);
        await db.close();
      }
    },
  };
}

/**
 * Opens the legacy database through Prisma 7 with a driver adapter: `@prisma/adapter-pg` for a
 * PostgreSQL server, `pglite-prisma-adapter` for embedded PGlite (a data dir, or memory).
 * Does not migrate; see `applyMigrations`.
 */
export async function openLegacyDatabase(target: LegacyDatabaseTarget): Promise<LegacyDatabase> {
  if (target.kind === 'postgres') {
    const adapterFactory = new PrismaPg(
      { connectionString: target.url },
      { statementNameGenerator: preparedStatementName },
    );
    const prisma = new PrismaClient({ adapter: adapterFactory });
    const sql = await DriverAdapterSql.connect(adapterFactory);
    return {
      target,
      prisma,
      sql,
      adapterFactory,
      close: async () => (await sql.dispose(), await prisma.$disconnect()),
    };
  }
  const { db, release } = await openPglite(target.kind === 'pglite' ? target.dataDir : undefined);
  const adapterFactory = new PrismaPGlite(db);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  const sql = await DriverAdapterSql.connect(adapterFactory);
  return {
    target,
    prisma,
    sql,
    adapterFactory,
    close: async () => {
      await sql.dispose();
      await prisma.$disconnect();
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

/**
 * Closes every shared embedded database this process opened (each data dir's PGlite), whoever
 * still holds it: for a clean shutdown of a process that ran Lambda handlers in-process.
 */
export async function closeSharedPglites(): Promise<void> {
  const entries = [...pglites.values()];
  pglites.clear();
  await Promise.all(entries.map(async (entry) => (await entry.db.catch(() => undefined))?.close()));
}
