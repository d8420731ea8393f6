import {
  DEFAULT_MARKER_RETENTION_DAYS,
  DEFAULT_PRUNE_BATCH_SIZE,
  describeTarget,
  type LegacyDatabaseTarget,
  PrismaLegacyProjection,
} from '@outflow/prisma-legacy-projection';
import { explainDatabaseFailure, openLocalLegacyDatabase } from '@outflow/prisma-legacy-projection/local';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDuration, parseFlags, parseIntegerFlag } from '../cli/arguments';
import { type CliIo, type Command, EXIT_OK, EXIT_USAGE } from '../cli/command';
import { REPO_ROOT } from '../dev/dev-environment';
import { UsageError } from '../errors';
import { readRunning } from './dev.command';

const EXIT_FAILED = 1;
const DEFAULT_PGLITE_DIR = join(REPO_ROOT, '.outflow', 'legacy-db');

const usage = `Usage: outflow prune-markers [--older-than ${DEFAULT_MARKER_RETENTION_DAYS}d] [--database-url <url> | --pglite-dir <dir>] [--batch-size ${DEFAULT_PRUNE_BATCH_SIZE}]

Deletes the legacy database's applied-event markers (outflow_applied_events) older than the
retention, a bounded batch per statement so the consumer keeps writing meanwhile. Markers only
refine what the version guard decides: a change delivered again after its marker is gone is
still a duplicate (same version held) or stale (newer version held). The default retention,
${DEFAULT_MARKER_RETENTION_DAYS} days, outlasts the bus archive's 30 days of replays and the DLQs' 14 days.

Options:
  --older-than <n>d|<n>h   retention: delete markers applied longer ago than this (default ${DEFAULT_MARKER_RETENTION_DAYS}d)
  --database-url <url>     the legacy PostgreSQL database (default: $DATABASE_URL)
  --pglite-dir <dir>       the embedded database of \`npm start\` instead (default when no URL:
                           .outflow/legacy-db; stop \`npm start\` first, PGlite is one process)
  --batch-size <n>         markers per DELETE statement, 1-100000 (default ${DEFAULT_PRUNE_BATCH_SIZE})
  --help                   show this help

Exit codes: 0 pruned (also when nothing was old enough), 1 the database cannot be opened or pruned, 2 bad usage.`;

/** The database to prune: --database-url, else --pglite-dir, else $DATABASE_URL, else npm start's PGlite. */
function targetOf(values: Record<string, unknown>): LegacyDatabaseTarget {
  const url = values['database-url'];
  const dir = values['pglite-dir'];
  if (typeof url === 'string' && typeof dir === 'string')
    throw new UsageError('give --database-url or --pglite-dir, not both');
  if (typeof url === 'string') return { kind: 'postgres', url };
  if (typeof dir === 'string') return { kind: 'pglite', dataDir: resolve(dir) };
  const env = process.env['DATABASE_URL'];
  return env ? { kind: 'postgres', url: env } : { kind: 'pglite', dataDir: DEFAULT_PGLITE_DIR };
}

/** Why an embedded database cannot be opened from here, if it cannot. */
function pgliteProblem(dataDir: string): string | undefined {
  if (!existsSync(dataDir))
    return `no embedded legacy database in ${dataDir}: run \`npm start\` once, or pass --database-url`;
  if (readRunning(dirname(dataDir)) !== undefined)
    return `\`npm start\` is running on ${dataDir} (PGlite is one process): stop it first`;
  return undefined;
}

async function prune(target: LegacyDatabaseTarget, olderThan: Date, batchSize: number, io: CliIo) {
  const problem = target.kind === 'pglite' ? pgliteProblem(target.dataDir) : undefined;
  if (problem) {
    io.err(`outflow prune-markers: ${problem}`);
    return EXIT_FAILED;
  }
  try {
    const db = await openLocalLegacyDatabase(target);
    try {
      const projection = new PrismaLegacyProjection({ sql: db.sql, mappings: [] });
      const { deleted, batches } = await projection.pruneAppliedEventMarkers({ olderThan, batchSize });
      io.out(
        `pruned ${deleted} applied-event marker(s) applied before ${olderThan.toISOString()} ` +
          `from ${describeTarget(target)} (${batches} statement(s) of at most ${batchSize})`,
      );
      return EXIT_OK;
    } finally {
      await db.close();
    }
  } catch (error) {
    const message =
      target.kind === 'postgres'
        ? explainDatabaseFailure(error, { url: target.url, setting: '--database-url or DATABASE_URL' })
            .message
        : (error as Error).message;
    io.err(`outflow prune-markers: ${message}`);
    return EXIT_FAILED;
  }
}

/** `outflow prune-markers`: delete applied-event markers older than the retention. */
export const pruneMarkersCommand: Command = {
  name: 'prune-markers',
  summary: `delete the legacy database's applied-event markers older than a retention (default ${DEFAULT_MARKER_RETENTION_DAYS}d)`,
  usage,
  async run(args, io) {
    let target: LegacyDatabaseTarget;
    let olderThan: Date;
    let batchSize: number;
    try {
      const values = parseFlags(args, {
        'older-than': { type: 'string' },
        'database-url': { type: 'string' },
        'pglite-dir': { type: 'string' },
        'batch-size': { type: 'string' },
      });
      if (values.help) {
        io.out(usage);
        return EXIT_OK;
      }
      const retentionMs = parseDuration(
        'older-than',
        values['older-than'] ?? `${DEFAULT_MARKER_RETENTION_DAYS}d`,
      );
      olderThan = new Date(Date.now() - retentionMs);
      batchSize = parseIntegerFlag(
        'batch-size',
        values['batch-size'] ?? `${DEFAULT_PRUNE_BATCH_SIZE}`,
        1,
        100_000,
      );
      target = targetOf(values);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.err(`outflow prune-markers: ${error.message}${error.withUsage ? `\n\n${usage}` : ''}`);
      return EXIT_USAGE;
    }
    return prune(target, olderThan, batchSize, io);
  },
};
