import type { AggregateState, Holding, OutboxEvent } from '@outflow/core-domain';

/** One aggregate as a store holds it (present with its state, or a tombstone). */
export interface HeldAggregate {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly holding: Exclude<Holding<AggregateState>, { kind: 'absent' }>;
}

/** The changes that leave a store holding exactly `held` (same versions; tombstones as deletions). */
export function makeSnapshotEvents(held: readonly HeldAggregate[]): OutboxEvent[] {
  return held.map(({ aggregateType, aggregateId, holding }) => {
    const envelope = {
      eventId: `snapshot-${aggregateType}-${aggregateId}-v${holding.version}`,
      eventType: `${aggregateType}.restored`,
      aggregateType,
      aggregateId,
      aggregateVersion: holding.version,
      occurredAt: new Date(0).toISOString(),
      schemaVersion: 1,
    };
    return holding.kind === 'tombstone'
      ? { ...envelope, deleted: true as const }
      : { ...envelope, state: holding.state };
  });
}
