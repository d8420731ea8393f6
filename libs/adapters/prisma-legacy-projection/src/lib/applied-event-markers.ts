import { InvalidPruneOptionsError } from './errors';
import type { RawSql } from './prisma-legacy-projection';

/**
 * How long an applied-event marker is kept: 35 days.
 *
 * A marker only refines a case the version guard already decides: a change whose version equals
 * the held one is a duplicate with or without it, and an older one is stale. What a marker adds is
 * telling "this exact event again" (duplicate) from "an older event" (stale) when newer versions
 * have landed since. Duplicates come from at-least-once delivery (minutes), redrives from a DLQ
 * (SQS keeps a message at most 14 days) and replays from the bus archive (kept 30 days, so a
 * replay can re-deliver a 30-day-old event). 35 days covers the longest of these plus a working
 * week to notice and replay; after it a marker only costs storage and index size.
 */
export const DEFAULT_MARKER_RETENTION_DAYS = 35;

/** Markers deleted per statement: short enough that no statement holds row locks for long. */
export const DEFAULT_PRUNE_BATCH_SIZE = 5_000;

const MAX_PRUNE_BATCH_SIZE = 100_000;

export interface PruneMarkersOptions {
  /** Delete markers whose `applied_at` is strictly earlier than this instant. */
  readonly olderThan: Date;
  /** Markers per DELETE statement (each its own short transaction), 1–100,000. @default 5000 */
  readonly batchSize?: number;
}

export interface PruneMarkersResult {
  /** Markers deleted in all. */
  readonly deleted: number;
  /** DELETE statements sent (the last one deleted fewer than `batchSize`). */
  readonly batches: number;
}

/** The cutoff for a retention of `days` days before `now`. */
/** @internal Used by the projection and its pruning suite. */
export const markerCutoff = (now: Date, days: number = DEFAULT_MARKER_RETENTION_DAYS): Date =>
  new Date(now.getTime() - days * 86_400_000);

/**
 * One bounded batch: the oldest markers first (an index range scan on `applied_at`), rows a
 * concurrent statement holds are skipped rather than waited for.
 */
const PRUNE_BATCH_SQL = `WITH doomed AS (
    SELECT event_id FROM outflow_applied_events
    WHERE applied_at < $1::timestamptz
    ORDER BY applied_at
    LIMIT $2::int
    FOR UPDATE SKIP LOCKED
  ), gone AS (
    DELETE FROM outflow_applied_events e USING doomed WHERE e.event_id = doomed.event_id RETURNING 1
  )
  SELECT count(*)::int AS n FROM gone`;

/**
 * Deletes the applied-event markers older than `olderThan`, `batchSize` at a time, until a batch
 * deletes fewer than `batchSize`. Each batch is one statement (its own transaction), so the table
 * is never locked for long and the consumer keeps writing meanwhile. Touches nothing but markers:
 * version rows and tombstones stay, so a change delivered again after its marker is gone is still
 * `duplicate` (same version held) or `stale` (newer version held).
 *
 * @throws InvalidPruneOptionsError when `olderThan` is not a valid Date or `batchSize` is not an integer in 1–100,000
 * @throws whatever `sql` throws when the database cannot be reached (the caller wraps it)
 */
export async function pruneAppliedEventMarkers(
  sql: RawSql,
  { olderThan, batchSize = DEFAULT_PRUNE_BATCH_SIZE }: PruneMarkersOptions,
): Promise<PruneMarkersResult> {
  if (!(olderThan instanceof Date) || Number.isNaN(olderThan.getTime()))
    throw new InvalidPruneOptionsError(`olderThan must be a valid Date, got ${String(olderThan)}`);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_PRUNE_BATCH_SIZE)
    throw new InvalidPruneOptionsError(
      `batchSize must be an integer from 1 to ${MAX_PRUNE_BATCH_SIZE}, got ${String(batchSize)}`,
    );
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const rows = await sql.$queryRawUnsafe<{ n: number }[]>(
      PRUNE_BATCH_SQL,
      olderThan.toISOString(),
      batchSize,
    );
    const n = Number(rows[0]?.n ?? 0);
    deleted += n;
    batches += 1;
    if (n < batchSize) return { deleted, batches };
  }
}
