import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { LegacyDatabaseError } from '../errors';
import {
  connectLegacyDatabase,
  openLegacyDatabase,
  type LegacyDatabase,
  type LegacyDatabaseTarget,
} from '../legacy-database';

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
 * Opens the legacy database wherever `target` says: a PostgreSQL server (as `openLegacyDatabase`)
 * or embedded PGlite (`pglite-prisma-adapter`) in a data dir — shared by every user of that dir
 * in this process, since in-process PGlite is one connection — or in memory. For local
 * development and tests; does not migrate (see `applyMigrations`).
 *
 * @throws LegacyDatabaseError when the PGlite data dir cannot be opened (e.g. held by another process)
 */
export async function openLocalLegacyDatabase(target: LegacyDatabaseTarget): Promise<LegacyDatabase> {
  if (target.kind === 'postgres') return openLegacyDatabase(target);
  const { db, release } = await openPglite(target.kind === 'pglite' ? target.dataDir : undefined);
  return connectLegacyDatabase(target, new PrismaPGlite(db), release);
}

/**
 * Closes every shared embedded database this process opened (each data dir's PGlite), whoever
 * still holds it: for a clean shutdown of a process that ran Lambda handlers in-process.
 *
 * @internal Test support (the npm-start e2e spec closes what its in-process handlers opened); no deployable calls it.
 */
export async function closeSharedPglites(): Promise<void> {
  const entries = [...pglites.values()];
  pglites.clear();
  await Promise.all(entries.map(async (entry) => (await entry.db.catch(() => undefined))?.close()));
}
