import type {
  AggregateChange,
  AggregateSnapshot,
  Clock,
  IdGenerator,
  OutboxStore,
} from '@outflow/core-application';
import { InMemoryOutboxStore } from '@outflow/testing';
import type { OrderUseCaseDependencies } from '../src/lib/application/order-result';

/** Wraps a store and records every change it committed, so tests can assert one write per command. */
export class RecordingOutboxStore implements OutboxStore {
  readonly committed: AggregateChange[] = [];

  constructor(private readonly inner: OutboxStore = new InMemoryOutboxStore()) {}

  async save(change: AggregateChange): Promise<void> {
    await this.inner.save(change);
    this.committed.push(change);
  }

  load(aggregateType: string, aggregateId: string): Promise<AggregateSnapshot | undefined> {
    return this.inner.load(aggregateType, aggregateId);
  }
}

/** A clock that returns the instants given, then keeps returning the last one. */
function fixedClock(...instants: string[]): Clock {
  let index = 0;
  return { now: () => new Date(instants[Math.min(index++, instants.length - 1)] as string) };
}

/** Ids `<prefix>-1`, `<prefix>-2`, … */
function sequentialIds(prefix = 'id'): IdGenerator {
  let next = 0;
  return { next: () => `${prefix}-${++next}` };
}

export const T0 = '2026-03-01T10:00:00.000Z';
export const T1 = '2026-03-01T11:00:00.000Z';

export function orderDeps(): OrderUseCaseDependencies & { store: RecordingOutboxStore } {
  return {
    store: new RecordingOutboxStore(),
    clock: fixedClock(T0, T1, '2026-03-01T12:00:00.000Z'),
    ids: sequentialIds(),
  };
}

export const validOrder = {
  orderId: 'o-1',
  customerId: 'c-1',
  currency: 'EUR',
  items: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1500 }],
};
