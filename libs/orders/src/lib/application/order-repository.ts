import type { OutboxStore } from '@outflow/core-application';
import { isConcurrencyError, type UpsertEvent } from '@outflow/core-domain';
import type { OrderTransition } from '../domain/order';
import { toPlainState } from '../domain/order-events';
import { parseOrderState } from '../domain/parse-order-state';
import { ORDER_AGGREGATE_TYPE } from '../order-state';
import type { OrderView } from './order-result';

/** Orders over an OutboxStore: state and event in one write, guarded by the version read. */
export class OrderRepository {
  constructor(private readonly store: OutboxStore) {}

  /** The order and its version, or undefined when no order has this id. */
  async load(orderId: string): Promise<OrderView | undefined> {
    const snapshot = await this.store.load(ORDER_AGGREGATE_TYPE, orderId);
    if (!snapshot || snapshot.state === null) return undefined;
    const state = parseOrderState(snapshot.state);
    // A stored order this code cannot read is a defect or corruption, not a caller's mistake.
    if (!state.ok) throw state.error;
    return { order: state.value, version: snapshot.version };
  }

  /**
   * Writes the transition with its event at `expectedVersion + 1`. Returns 'conflict' when the
   * stored version is no longer `expectedVersion` (nothing was written).
   */
  async save(
    transition: OrderTransition,
    event: UpsertEvent,
    expectedVersion: number,
  ): Promise<'saved' | 'conflict'> {
    try {
      await this.store.save({
        aggregateType: ORDER_AGGREGATE_TYPE,
        aggregateId: transition.state.orderId,
        expectedVersion,
        state: toPlainState(transition.state),
        events: [event],
      });
      return 'saved';
    } catch (error) {
      if (isConcurrencyError(error)) return 'conflict';
      throw error;
    }
  }
}
