import type { DeletionEvent, UpsertEvent } from '@outflow/core-domain';
import { ORDER_AGGREGATE_TYPE, type OrderState } from '../order-state';
import type { OrderTransition } from './order';

/** Schema version of every `order.*` event's payload (the OrderState shape). */
const ORDER_EVENT_SCHEMA_VERSION = 1;

export interface OrderEventMetadata {
  /** The order's version after this change: the stored version + 1. */
  readonly version: number;
  readonly eventId: string;
  /** When the change was committed (ISO-8601); the state's `updatedAt`. */
  readonly occurredAt: string;
}

/** The outbox event of a transition: state transfer, the full order after the change. */
export function toOrderEvent(transition: OrderTransition, meta: OrderEventMetadata): UpsertEvent {
  return {
    eventId: meta.eventId,
    eventType: transition.eventType,
    aggregateType: ORDER_AGGREGATE_TYPE,
    aggregateId: transition.state.orderId,
    aggregateVersion: meta.version,
    occurredAt: meta.occurredAt,
    schemaVersion: ORDER_EVENT_SCHEMA_VERSION,
    state: toPlainState(transition.state),
  };
}

/** A copy of the state as plain JSON data (what an event and a stored item carry). */
export const toPlainState = (state: OrderState): Readonly<Record<string, unknown>> => ({
  ...state,
  items: state.items.map((line) => ({ ...line })),
});

/** Event type of an order's deletion (a deletion event: no state, downstreams keep a tombstone). */
const ORDER_DELETED_EVENT_TYPE = 'order.deleted';

/** The outbox event deleting an order at `meta.version` (its stored version + 1). */
export function toOrderDeletionEvent(orderId: string, meta: OrderEventMetadata): DeletionEvent {
  return {
    eventId: meta.eventId,
    eventType: ORDER_DELETED_EVENT_TYPE,
    aggregateType: ORDER_AGGREGATE_TYPE,
    aggregateId: orderId,
    aggregateVersion: meta.version,
    occurredAt: meta.occurredAt,
    schemaVersion: ORDER_EVENT_SCHEMA_VERSION,
    deleted: true,
  };
}
