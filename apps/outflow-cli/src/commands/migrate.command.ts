import { describeTarget, type LegacyDatabaseTarget } from '@outflow/prisma-legacy-projection';
import {
  applyMigrations,
  assertDatabaseUrl,
  briefMessage,
  explainDatabaseFailure,
  openLocalLegacyDatabase,
} from '@outflow/prisma-legacy-projection/local';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseFlags } from '../cli/arguments';
import { type CliIo, type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';
import { REPO_ROOT } from '../dev/dev-environment';
import { UsageError } from '../errors';
import { readRunning } from './dev.command';

const EXIT_FAILED = 1;
const PRISMA_DIR = join(REPO_ROOT, 'prisma');

const usage = `Usage: outflow migrate [--database-url <url> | --pglite-dir <dir>]

Applies the committed migrations (prisma/migrations) that the legacy database has not applied yet,
offline: with Prisma's WebAssembly schema engine, as \`npm start\` does — no engine download,
unlike \`npm run prisma:migrate-deploy\`. Records them in _prisma_migrations exactly as
\`prisma migrate deploy\` does, so the two can be mixed. Prints what it applied.

Options:
  --database-url <url>   the legacy PostgreSQL database (default: $DATABASE_URL), e.g.
                         postgresql://user:password@host:5432/database
  --pglite-dir <dir>     an embedded PGlite database instead (created when missing; stop
                         \`npm start\` first if it uses that dir, PGlite is one process)
  --help                 show this help

Exit codes: 0 applied (also when nothing was left to apply), 1 the database cannot be opened or
migrated (one sentence says why and what to do), 2 bad usage.`;

/** The database to migrate: --database-url, else --pglite-dir, else $DATABASE_URL. */
function targetOf(values: Record<string, unknown>, env: NodeJS.ProcessEnv): LegacyDatabaseTarget {
  const url = values['database-url'];
  const dir = values['pglite-dir'];
  if (typeof url === 'string' && typeof dir === 'string')
    throw new UsageError('give --database-url or --pglite-dir, not both');
  if (typeof url === 'string') return { kind: 'postgres', url };
  if (typeof dir === 'string') return { kind: 'pglite', dataDir: resolve(dir) };
  if (env['DATABASE_URL']) return { kind: 'postgres', url: env['DATABASE_URL'] };
  throw new UsageError(
    'no database given: pass --database-url <url> or --pglite-dir <dir>, or set DATABASE_URL',
  );
}

/** One sentence saying why the migration failed and what to do. */
function failure(target: LegacyDatabaseTarget, error: unknown, setting: string): string {
  if (target.kind === 'postgres') return explainDatabaseFailure(error, { url: target.url, setting }).message;
  return `Cannot migrate ${describeTarget(target)}: ${briefMessage(error)}.`;
}

const committedMigrations = (): string[] =>
  readdirSync(join(PRISMA_DIR, 'migrations'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

async function migrate(target: LegacyDatabaseTarget, setting: string, io: CliIo): Promise<number> {
  if (target.kind === 'pglite' && readRunning(dirname(target.dataDir)) !== undefined) {
    io.err(
      `outflow migrate: \`npm start\` is running on ${target.dataDir} (PGlite is one process): stop it first`,
    );
    return EXIT_FAILED;
  }
  try {
    if (target.kind === 'postgres') assertDatabaseUrl({ url: target.url, setting });
    const db = await openLocalLegacyDatabase(target);
    try {
      // Connect first: the driver's errors carry SQLSTATEs, the schema engine's only words.
      await db.sql.$queryRawUnsafe('SELECT 1');
      const applied = await applyMigrations({ dir: PRISMA_DIR }, db.adapterFactory);
      const where = describeTarget(target);
      io.out(
        applied.length === 0
          ? `${where} is up to date: all ${committedMigrations().length} migrations in prisma/migrations were applied before`
          : [
              `applied ${applied.length} migration(s) to ${where}:`,
              ...applied.map((name) => `  ${name}`),
            ].join('\n'),
      );
      return EXIT_OK;
    } finally {
      await db.close();
    }
  } catch (error) {
    io.err(`outflow migrate: ${failure(target, error, setting)}`);
    return EXIT_FAILED;
  }
}

/** `outflow migrate`: apply the committed migrations offline. */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply the committed legacy database migrations offline (DATABASE_URL or an embedded PGlite dir)',
  usage,
  async run(args, io) {
    let target: LegacyDatabaseTarget;
    let values: Record<string, unknown>;
    try {
      values = parseFlags(args, { 'database-url': { type: 'string' }, 'pglite-dir': { type: 'string' } });
      if (values['help']) {
        io.out(usage);
        return EXIT_OK;
      }
      target = targetOf(values, process.env);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.err(`outflow migrate: ${error.message}${error.withUsage ? `\n\n${usage}` : ''}`);
      return EXIT_USAGE;
    }
    return migrate(
      target,
      typeof values['database-url'] === 'string' ? '--database-url' : 'DATABASE_URL',
      io,
    );
  },
};
