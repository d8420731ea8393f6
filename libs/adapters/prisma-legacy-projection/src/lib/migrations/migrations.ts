import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationError } from '../errors';
import { withSchemaEngine } from './schema-engine';

/** Where the Prisma schema and its committed migrations live (the repository's `prisma/`). */
export interface PrismaProject {
  /** Absolute path of the directory holding `schema.prisma` and `migrations/`. */
  readonly dir: string;
}

const noFilters = { externalTables: [], externalEnums: [] };

async function readSchema(project: PrismaProject) {
  const path = join(project.dir, 'schema.prisma');
  return { path, text: await readFile(path, 'utf8') };
}

async function readMigrations(project: PrismaProject) {
  const baseDir = join(project.dir, 'migrations');
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(join(baseDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lockPath = join(baseDir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/**
 * Applies the committed migrations in `prisma/migrations` that the database has not applied yet,
 * recording them in `_prisma_migrations` exactly as `prisma migrate deploy` does (so the two can
 * be mixed). Idempotent. Works offline: it drives Prisma's WebAssembly schema engine through the
 * given driver adapter instead of the native engine the CLI would download.
 *
 * @returns the names of the migrations applied by this call
 * @throws MigrationError naming the failing migration and the database's message
 */
export async function applyMigrations(
  project: PrismaProject,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  const [schema, migrationsList] = await Promise.all([readSchema(project), readMigrations(project)]);
  try {
    return await withSchemaEngine(schema, adapterFactory, async (engine) => {
      const output = await engine.applyMigrations({ migrationsList, filters: noFilters });
      return output.appliedMigrationNames;
    });
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : JSON.stringify(cause);
    throw new MigrationError(`applying the migrations in ${migrationsList.baseDir} failed: ${detail}`, {
      cause,
    });
  }
}
