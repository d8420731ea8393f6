import type { OutboxEvent } from '@outflow/core-domain';
import type { AggregateSnapshot } from './outbox-store.port';

/**
 * The deterministic id of the change a backfill sends for an aggregate at a version:
 * `backfill:<type>:<id>:<version>`. Sending it again (a resumed or repeated backfill) is the same
 * event: a FIFO queue deduplicates it within 5 minutes, a store answers `duplicate`.
 *
 * @internal Exported for its spec; `backfillEvent` is the API.
 */
export const backfillEventId = (aggregateType: string, aggregateId: string, version: number): string =>
  `backfill:${aggregateType}:${aggregateId}:${version}`;

/**
 * The change a backfill sends for an aggregate as the source holds it: its current state at its
 * current version (`<type>.backfilled`), or, for a tombstone, a deletion at the tombstone's
 * version (`<type>.deleted`). Applying it is safe while live changes flow: a store applies it only
 * if it holds an older version (docs/architecture.md, rule 3).
 *
 * @param occurredAt ISO-8601 instant the backfill read the aggregate.
 */
export function backfillEvent(snapshot: AggregateSnapshot, occurredAt: string): OutboxEvent {
  const { aggregateType, aggregateId, version } = snapshot;
  const envelope = {
    eventId: backfillEventId(aggregateType, aggregateId, version),
    aggregateType,
    aggregateId,
    aggregateVersion: version,
    occurredAt,
    schemaVersion: 1,
  };
  return snapshot.state === null
    ? { ...envelope, eventType: `${aggregateType}.deleted`, deleted: true }
    : { ...envelope, eventType: `${aggregateType}.backfilled`, state: snapshot.state };
}

/**
 * The deletion that repairs an aggregate a downstream holds but the source no longer has (deleted
 * without a deletion event, e.g. from the console): at the downstream's version + 1, so the store
 * applies it and keeps a tombstone; id `repair:<type>:<id>:<version>`.
 */
export function extraRepairEvent(
  aggregateType: string,
  aggregateId: string,
  heldVersion: number,
  occurredAt: string,
): OutboxEvent {
  const version = heldVersion + 1;
  return {
    eventId: `repair:${aggregateType}:${aggregateId}:${version}`,
    eventType: `${aggregateType}.deleted`,
    aggregateType,
    aggregateId,
    aggregateVersion: version,
    occurredAt,
    schemaVersion: 1,
    deleted: true,
  };
}
