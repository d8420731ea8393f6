import type { AggregateState, ChangeOutcome, Holding, OutboxEvent } from '@outflow/core-domain';

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

  /**
   * What the store holds for an aggregate (the domain's {@link Holding}), with the state of a
   * present aggregate as the store reads it back.
   */
  read(aggregateType: string, aggregateId: string): Promise<Holding<AggregateState>>;
}
