import type { OutboxStore } from '@outflow/core-application';
import { isConcurrencyError, type DeletionEvent, type UpsertEvent } from '@outflow/core-domain';
import type { OrderTransition } from '../domain/order';
import { toPlainState } from '../domain/order-events';
import { parseOrderState } from '../domain/parse-order-state';
import { ORDER_AGGREGATE_TYPE } from '../order-state';
import type { DeletedOrder, OrderView } from './order-result';

/** Orders over an OutboxStore: state and event in one write, guarded by the version read. */
export class OrderRepository {
  constructor(private readonly store: OutboxStore) {}

  /** The order and its version, its tombstone when it was deleted, or undefined when no order has this id. */
  async load(orderId: string): Promise<OrderView | DeletedOrder | undefined> {
    const snapshot = await this.store.load(ORDER_AGGREGATE_TYPE, orderId);
    if (!snapshot) return undefined;
    if (snapshot.state === null) return { orderId, deleted: true, version: snapshot.version };
    const state = parseOrderState(snapshot.state);
    // A stored order this code cannot read is a defect or corruption, not a caller's mistake.
    if (!state.ok) throw state.error;
    return { order: state.value, version: snapshot.version };
  }

  /**
   * Writes the transition with its event at `expectedVersion + 1`. Returns 'conflict' when the
   * stored version is no longer `expectedVersion` (nothing was written).
   */
  save(
    transition: OrderTransition,
    event: UpsertEvent,
    expectedVersion: number,
  ): Promise<'saved' | 'conflict'> {
    return this.write(transition.state.orderId, toPlainState(transition.state), event, expectedVersion);
  }

  /**
   * Deletes the order with its deletion event at `expectedVersion + 1`: the source keeps a
   * tombstone at that version for ever. Returns 'conflict' as `save` does.
   */
  delete(orderId: string, event: DeletionEvent, expectedVersion: number): Promise<'saved' | 'conflict'> {
    return this.write(orderId, null, event, expectedVersion);
  }

  private async write(
    orderId: string,
    state: Readonly<Record<string, unknown>> | null,
    event: UpsertEvent | DeletionEvent,
    expectedVersion: number,
  ): Promise<'saved' | 'conflict'> {
    try {
      await this.store.save({
        aggregateType: ORDER_AGGREGATE_TYPE,
        aggregateId: orderId,
        expectedVersion,
        state,
        events: [event],
      });
      return 'saved';
    } catch (error) {
      if (isConcurrencyError(error)) return 'conflict';
      throw error;
    }
  }
}
