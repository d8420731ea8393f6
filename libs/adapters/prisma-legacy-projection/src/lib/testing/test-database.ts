import { Client } from 'pg';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LegacyDatabase } from '../legacy-database';
import { applyMigrations, type PrismaProject } from '../local/migrations/migrations';
import { openLocalLegacyDatabase } from '../local/pglite-database';

export interface TestLegacyDatabase extends LegacyDatabase {
  /** Closes the database and removes it (drops the server database / deletes the PGlite dir). */
  destroy(): Promise<void>;
  /** The environment that points legacy-rdb-sync at this database (DATABASE_URL, or LEGACY_PGLITE_DIR for its local entry). */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * A fresh, migrated legacy database for one test run: embedded PGlite in a temp dir, or a new
 * database `outflow_test_<random>` on the PostgreSQL server at `serverUrl` (dropped on destroy).
 */
export async function createTestLegacyDatabase(
  project: PrismaProject,
  lane: { readonly kind: 'pglite' } | { readonly kind: 'postgres'; readonly serverUrl: string },
): Promise<TestLegacyDatabase> {
  if (lane.kind === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'outflow-pglite-'));
    const db = await openLocalLegacyDatabase({ kind: 'pglite', dataDir });
    await applyMigrations(project, db.adapterFactory);
    return {
      ...db,
      environment: { LEGACY_PGLITE_DIR: dataDir },
      destroy: async () => (await db.close(), await rm(dataDir, { recursive: true, force: true })),
    };
  }
  const name = `outflow_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Client({ connectionString: lane.serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(lane.serverUrl);
  url.pathname = `/${name}`;
  const db = await openLocalLegacyDatabase({ kind: 'postgres', url: url.toString() });
  await applyMigrations(project, db.adapterFactory);
  return {
    ...db,
    environment: { DATABASE_URL: url.toString() },
    destroy: async () => {
      await db.close();
      const cleanup = new Client({ connectionString: lane.serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => cleanup.end());
    },
  };
}
