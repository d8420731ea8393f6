import type { AggregateState, ChangeOutcome, Holding, OutboxEvent } from '@outflow/core-domain';

/**
 * A downstream that keeps a projection of aggregates (legacy RDB, search index, view table).
 * Every implementation passes the ProjectionStore contract suite in `@outflow/testing`.
 *
 * Outcomes are decided by VERSION (docs/architecture.md, rule 3): a newer version than the one
 * held is `applied`, the held version is a `duplicate`, an older one is `stale`; a tombstone keeps
 * its version. Applied-event markers may only refine the equal-version case; a marker clash
 * (an event id seen before at another version or for another aggregate) never fails a write.
 */
export interface ProjectionStore {
  /**
   * Applies changes and returns one outcome per change, in the same order.
   *
   * `changes` may hold several changes of one aggregate at distinct versions (the candidates of
   * `planBatch`). Per aggregate the store applies the NEWEST change it accepts: when the store
   * refuses a change for its data (e.g. SQLSTATE class 22 or 23), that change is `failed` with the
   * store's reason and the next older one is tried (rule 5: a poison newer change must not take a
   * valid older one down). Once one change of the aggregate is applied or found not newer than
   * what is held, the remaining older ones are decided against the held version (`stale`,
   * "superseded") without their data being tried. Every change is validated on its own, so an
   * invalid one fails with its own reason even when a newer one is applied.
   *
   * A failure of one aggregate never undoes or blocks the others. The applied-event marker
   * commits with the change. Throws only when the store as a whole cannot be reached or fails
   * for a reason that is not the data's (connection, resources: SQLSTATE classes 08, 53, 57), so
   * every message of the batch is retried.
   */
  apply(changes: readonly OutboxEvent[]): Promise<readonly ChangeOutcome[]>;

  /**
   * What the store holds for an aggregate (the domain's {@link Holding}), with the state of a
   * present aggregate as the store reads it back.
   */
  read(aggregateType: string, aggregateId: string): Promise<Holding<AggregateState>>;

  /**
   * One page of what the store holds for `aggregateType`: every aggregate it has a version for
   * (tombstones included), in a stable order (ascending `aggregateId` in the store's own
   * collation), `limit` entries at most. Pass `nextCursor` back as `cursor` for the next page;
   * no `nextCursor` means the listing is complete. For a reconcile: compare each entry's
   * `version`, `tombstone` and `hash` with the source's.
   *
   * @throws ValidationError (`@outflow/core-domain`) naming `limit` when it is not an integer
   * from 1 to {@link MAX_LIST_LIMIT}.
   */
  list(query: ProjectionListQuery): Promise<ProjectionPage>;

  /**
   * The `hash` that `list` reports for an aggregate holding `state` (`null`: a tombstone),
   * computed from a SOURCE state through the same mapping the store applies, without I/O.
   * Equal when the store holds exactly what this state maps to.
   *
   * @throws ValidationError when the state cannot be mapped (the store would refuse it).
   */
  expectedHash(aggregateType: string, aggregateId: string, state: AggregateState | null): string;
}

/** The largest page `ProjectionStore.list` returns. */
export const MAX_LIST_LIMIT = 1000;

export interface ProjectionListQuery {
  readonly aggregateType: string;
  /** `nextCursor` of the previous page; omit for the first page. Opaque: do not build one. */
  readonly cursor?: string;
  /** Entries per page: an integer from 1 to {@link MAX_LIST_LIMIT}. */
  readonly limit: number;
}

export interface ProjectionPage {
  readonly items: readonly ProjectionEntry[];
  /** Present when more entries may follow. */
  readonly nextCursor?: string;
}

/** What a store holds for one aggregate. */
export interface ProjectionEntry {
  readonly aggregateId: string;
  /** The version held (live copy or tombstone). */
  readonly version: number;
  readonly tombstone: boolean;
  /**
   * Lowercase hex SHA-256 (64 characters) of the canonical JSON of the fields the store keeps for
   * the aggregate, as it reads them back (`canonicalJson`); for a tombstone, of `null`.
   */
  readonly hash: string;
}
