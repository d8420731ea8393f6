import type { AggregateSnapshot, SourceSide } from '@outflow/core-application';
import { backfillEvent } from '@outflow/core-application';
import { scanAggregates, type ScanPosition } from '@outflow/dynamodb-outbox';
import type { DownstreamListing, OpsSourceTable } from '../environment';
import { ruleMatcher } from '../backfill/routing';
import type { OpsTarget } from '../targets';

/** `<type>#<id>`: how reconcile keys aggregates. */
export const keyOf = (aggregateType: string, aggregateId: string): string =>
  `${aggregateType}#${aggregateId}`;

/** The snapshots a subscription's rule takes (checked on the change a backfill would send for each). */
export function takenBy(
  target: OpsTarget,
  table: OpsSourceTable,
): (snapshots: readonly AggregateSnapshot[]) => AggregateSnapshot[] {
  const matches = ruleMatcher(target.subscription, table.source);
  const at = new Date(0).toISOString();
  return (snapshots) => snapshots.filter((snapshot) => matches(backfillEvent(snapshot, at)));
}

/** The source sides of snapshots for one store: version, deleted, and the hash the store should hold. */
export async function sourceSides(
  listing: DownstreamListing,
  snapshots: readonly AggregateSnapshot[],
): Promise<Map<string, SourceSide>> {
  const sides = new Map<string, SourceSide>();
  for (let i = 0; i < snapshots.length; i += 500) {
    const batch = snapshots.slice(i, i + 500);
    const hashes = await listing.expectedHashes(
      batch.map((s) => ({ aggregateType: s.aggregateType, aggregateId: s.aggregateId, state: s.state })),
    );
    batch.forEach((s, index) =>
      sides.set(keyOf(s.aggregateType, s.aggregateId), {
        version: s.version,
        deleted: s.state === null,
        expected: hashes[index] ?? { error: 'no hash returned' },
      }),
    );
  }
  return sides;
}

/**
 * Every page of a parallel Scan of the source tables (aggregates only), handed to `onPage` as it
 * comes (segments run at once).
 */
export async function scanSources(
  tables: readonly OpsSourceTable[],
  segments: number,
  onPage: (table: OpsSourceTable, snapshots: readonly AggregateSnapshot[], scanned: number) => Promise<void>,
  pageSize?: number,
): Promise<void> {
  await Promise.all(
    tables.flatMap((table) =>
      Array.from({ length: segments }, async (_, segment) => {
        let from: ScanPosition | undefined;
        do {
          const page = await scanAggregates(table.client, {
            tableName: table.tableName,
            segment,
            totalSegments: segments,
            ...(from ? { from } : {}),
            ...(pageSize ? { limit: pageSize } : {}),
          });
          await onPage(table, page.snapshots, page.scanned);
          from = page.next;
        } while (from);
      }),
    ),
  );
}
