import {
  assertValidChange,
  type AggregateChange,
  type AggregateSnapshot,
  type OutboxStore,
} from '@outflow/core-application';
import { aggregateKeyOf, ConcurrencyError, type OutboxEvent } from '@outflow/core-domain';

/**
 * OutboxStore in memory, with the same rules as the DynamoDB adapter: a change is written only
 * at `expectedVersion`, all or nothing; a deletion leaves a tombstone (`state: null`). Every
 * committed event is kept in `published`, in commit order — what the stream would carry.
 */
export class InMemoryOutboxStore implements OutboxStore {
  private readonly items = new Map<string, AggregateSnapshot>();
  readonly published: OutboxEvent[] = [];

  async save(change: AggregateChange): Promise<void> {
    assertValidChange(change);
    const key = aggregateKeyOf(change);
    const current = this.items.get(key)?.version ?? 0;
    if (current !== change.expectedVersion)
      throw new ConcurrencyError(change.aggregateType, change.aggregateId, change.expectedVersion);
    this.items.set(key, {
      aggregateType: change.aggregateType,
      aggregateId: change.aggregateId,
      version: current + 1,
      state: change.state,
    });
    this.published.push(...change.events);
  }

  async load(aggregateType: string, aggregateId: string): Promise<AggregateSnapshot | undefined> {
    const snapshot = this.items.get(aggregateKeyOf({ aggregateType, aggregateId }));
    return snapshot && structuredClone(snapshot);
  }
}
