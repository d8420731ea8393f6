import type { ProjectionStore } from '@outflow/core-application';
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
   * Refuses a change with a reason, as a real store refuses bad data (a constraint violation).
   * @default accepts everything
   */
  readonly reject?: (event: OutboxEvent) => string | undefined;
}

/** A ProjectionStore in memory: the reference implementation of the contract. */
export class InMemoryProjectionStore implements ProjectionStore {
  private readonly rows = new Map<string, Exclude<Holding<AggregateState>, { kind: 'absent' }>>();
  private readonly markers = new Set<string>();
  private sideEffects = 0;

  constructor(private readonly options: InMemoryProjectionStoreOptions = {}) {}

  async apply(changes: readonly OutboxEvent[]): Promise<readonly ChangeOutcome[]> {
    return changes.map((change) => this.applyOne(change));
  }

  async read(aggregateType: string, aggregateId: string): Promise<Holding<AggregateState>> {
    return this.rows.get(aggregateKeyOf({ aggregateType, aggregateId })) ?? { kind: 'absent' };
  }

  /** Event ids applied so far (the applied-event markers). */
  appliedEventIds(): ReadonlySet<string> {
    return this.markers;
  }

  /** How many changes were written (applied), to prove a re-delivery wrote nothing. */
  get writes(): number {
    return this.sideEffects;
  }

  private applyOne(change: OutboxEvent): ChangeOutcome {
    const reason = this.options.reject?.(change);
    if (reason !== undefined) return failed(reason);
    const key = aggregateKeyOf(change);
    const holding: Holding = this.rows.get(key) ?? { kind: 'absent' };
    const decision = decide(holding, change, this.markers.has(change.eventId));
    if (decision.kind === 'applied') {
      const { version } = decision.next;
      this.rows.set(
        key,
        isDeletion(change)
          ? { kind: 'tombstone', version }
          : { kind: 'present', version, state: change.state },
      );
      this.markers.add(change.eventId);
      this.sideEffects += 1;
    }
    return outcomeOf(decision);
  }
}
