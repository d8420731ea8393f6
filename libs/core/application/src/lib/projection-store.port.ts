import type { AggregateState, ChangeOutcome, OutboxEvent } from '@outflow/core-domain';

/** What a projection holds for one aggregate, as the store reads it back. */
export type Projected =
  | { readonly kind: 'absent' }
  | { readonly kind: 'present'; readonly version: number; readonly state: AggregateState }
  | { readonly kind: 'tombstone'; readonly version: number };

/**
 * A downstream that keeps a projection of aggregates (legacy RDB, search index, view table).
 * Every implementation passes the ProjectionStore contract suite in `@outflow/testing`.
 */
export interface ProjectionStore {
  /**
   * Applies changes — at most one per aggregate, with distinct event ids (see `planBatch`) — and
   * returns one outcome per change, in the same order. A change is applied only if its version
   * is newer than what the store holds; the applied-event marker commits with the change.
   * A failure of one aggregate is reported as its `failed` outcome and never undoes or blocks
   * the others. Throws only if the store as a whole cannot be reached.
   */
  apply(changes: readonly OutboxEvent[]): Promise<readonly ChangeOutcome[]>;

  /** What the store holds for an aggregate, with the state as the store reads it back. */
  read(aggregateType: string, aggregateId: string): Promise<Projected>;
}
