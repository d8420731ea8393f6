import type { AggregateState, OutboxEvent } from '@outflow/core-domain';

/** An aggregate as the source holds it. `state` is null once the aggregate is deleted. */
export interface AggregateSnapshot {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly version: number;
  readonly state: AggregateState | null;
}

/** One committed change: the aggregate's new state and the events describing it. */
export interface AggregateChange {
  readonly aggregateType: string;
  readonly aggregateId: string;
  /** The version the writer read; 0 when the aggregate must not exist yet. */
  readonly expectedVersion: number;
  /** The new state, or null for a deletion. Its version is `expectedVersion + 1`. */
  readonly state: AggregateState | null;
  /** At least one event, all at version `expectedVersion + 1`. */
  readonly events: readonly OutboxEvent[];
}

/**
 * Where a source service writes aggregates together with their outbox events, atomically
 * (ARCHITECTURE.md, rule 1). `save` throws `ConcurrencyError` when the stored version is not
 * `expectedVersion`, and then writes nothing.
 */
export interface OutboxStore {
  save(change: AggregateChange): Promise<void>;
  load(aggregateType: string, aggregateId: string): Promise<AggregateSnapshot | undefined>;
}
