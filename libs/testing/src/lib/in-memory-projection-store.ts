import {
  checkListQuery,
  projectionHash,
  type ProjectionEntry,
  type ProjectionListQuery,
  type ProjectionPage,
  type ProjectionStore,
} from '@outflow/core-application';
import {
  aggregateKeyOf,
  decide,
  failed,
  isDeletion,
  outcomeOf,
  type AggregateState,
  type ChangeOutcome,
  type Holding,
  type OutboxEvent,
} from '@outflow/core-domain';

export interface InMemoryProjectionStoreOptions {
  /**
   * Refuses a change's data with a reason, as a real store refuses bad data when it writes it (a
   * constraint violation, SQLSTATE class 22/23): asked only for a change that would be applied.
   * @default accepts everything
   */
  readonly reject?: (event: OutboxEvent) => string | undefined;
}

type Held = Exclude<Holding<AggregateState>, { kind: 'absent' }>;

/** A ProjectionStore in memory: the reference implementation of the contract. */
export class InMemoryProjectionStore implements ProjectionStore {
  private readonly rows = new Map<string, Held>();
  /** Applied-event markers, per aggregate: `<aggregate key>\u0000<event id>`. */
  private readonly markers = new Set<string>();
  private sideEffects = 0;

  constructor(private readonly options: InMemoryProjectionStoreOptions = {}) {}

  async apply(changes: readonly OutboxEvent[]): Promise<readonly ChangeOutcome[]> {
    const outcomes: ChangeOutcome[] = new Array(changes.length);
    // Per aggregate, newest first: the first change accepted (or found not newer) settles it.
    const order = changes
      .map((change, index) => ({ change, index }))
      .sort((a, b) => b.change.aggregateVersion - a.change.aggregateVersion || a.index - b.index);
    for (const { change, index } of order) outcomes[index] = this.applyOne(change);
    return outcomes;
  }

  async read(aggregateType: string, aggregateId: string): Promise<Holding<AggregateState>> {
    return this.rows.get(aggregateKeyOf({ aggregateType, aggregateId })) ?? { kind: 'absent' };
  }

  async list(query: ProjectionListQuery): Promise<ProjectionPage> {
    checkListQuery(query);
    const prefix = `${query.aggregateType}#`;
    const ids = [...this.rows.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length))
      .filter((id) => query.cursor === undefined || id > query.cursor)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const page = ids.slice(0, query.limit);
    const items = page.map((aggregateId): ProjectionEntry => {
      const held = this.rows.get(`${prefix}${aggregateId}`) as Held;
      return {
        aggregateId,
        version: held.version,
        tombstone: held.kind === 'tombstone',
        hash: projectionHash(held.kind === 'present' ? held.state : null),
      };
    });
    const last = page[page.length - 1];
    return ids.length > page.length && last !== undefined ? { items, nextCursor: last } : { items };
  }

  /** The store keeps the state as it is: the hash of the state itself (`null` for a tombstone). */
  expectedHash(_aggregateType: string, _aggregateId: string, state: AggregateState | null): string {
    return projectionHash(state);
  }

  /** Event ids applied so far (the applied-event markers). */
  appliedEventIds(): ReadonlySet<string> {
    return new Set([...this.markers].map((marker) => marker.slice(marker.indexOf('\u0000') + 1)));
  }

  /** How many changes were written (applied), to prove a re-delivery wrote nothing. */
  get writes(): number {
    return this.sideEffects;
  }

  private applyOne(change: OutboxEvent): ChangeOutcome {
    const key = aggregateKeyOf(change);
    const marker = `${key}\u0000${change.eventId}`;
    const holding: Holding = this.rows.get(key) ?? { kind: 'absent' };
    const decision = decide(holding, change, this.markers.has(marker));
    if (decision.kind !== 'applied') return outcomeOf(decision);
    const reason = this.options.reject?.(change);
    if (reason !== undefined) return failed(reason);
    const { version } = decision.next;
    this.rows.set(
      key,
      isDeletion(change) ? { kind: 'tombstone', version } : { kind: 'present', version, state: change.state },
    );
    this.markers.add(marker);
    this.sideEffects += 1;
    return outcomeOf(decision);
  }
}
