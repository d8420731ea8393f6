import { err, ok, type Result } from '@outflow/core-domain';
import type { OrderState, OrderStatus } from '../order-state';
import { parseOrderDraft, totalCentsOf, type OrderDraft } from './order-draft';
import { OrderInvariantError, OrderValidationError, type OrderCommand, type OrderRule } from '../errors';

/** Event types of orders, one per change. */
type OrderEventType = 'order.created' | 'order.confirmed' | 'order.shipped' | 'order.cancelled';

/** The outcome of a successful command: the order's new state and the event type describing it. */
export interface OrderTransition {
  readonly state: OrderState;
  readonly eventType: OrderEventType;
}

/** A new order's input with the id decided. */
export type NewOrder = OrderDraft & { readonly orderId: string };

/**
 * Creates an order in status `created`. Every invariant of the input is checked (ids, ISO 4217
 * currency, at least one item, positive integer quantities and prices), each failure by field.
 */
export function createOrder(input: NewOrder, at: Date): Result<OrderTransition, OrderValidationError> {
  const draft = parseOrderDraft(input, { orderIdOptional: false });
  if (!draft.ok) return draft;
  const { customerId, currency, items } = draft.value;
  const now = at.toISOString();
  return ok({
    eventType: 'order.created',
    state: {
      orderId: input.orderId,
      customerId,
      status: 'created',
      currency,
      items,
      totalCents: totalCentsOf(items),
      createdAt: now,
      updatedAt: now,
    },
  });
}

/**
 * The rule a command breaks in a status, or undefined when the command is allowed.
 *
 * @internal Exported for the spec that checks the whole rule table directly.
 */
export function brokenRule(command: OrderCommand, status: OrderStatus): OrderRule | undefined {
  if (status === 'cancelled') return 'cancelled-order-is-final';
  switch (command) {
    case 'confirm':
      return status === 'created'
        ? undefined
        : status === 'confirmed'
          ? 'already-confirmed'
          : 'already-shipped';
    case 'ship':
      return status === 'confirmed'
        ? undefined
        : status === 'created'
          ? 'ship-requires-confirmed'
          : 'already-shipped';
    case 'cancel':
      return status === 'shipped' ? 'shipped-order-cannot-be-cancelled' : undefined;
  }
}

const outcome: Record<OrderCommand, { readonly status: OrderStatus; readonly eventType: OrderEventType }> = {
  confirm: { status: 'confirmed', eventType: 'order.confirmed' },
  ship: { status: 'shipped', eventType: 'order.shipped' },
  cancel: { status: 'cancelled', eventType: 'order.cancelled' },
};

/**
 * Applies a lifecycle command to an order, or says which rule it breaks: `confirm` (created →
 * confirmed), `ship` (confirmed → shipped; an unconfirmed order cannot ship), `cancel` (created or
 * confirmed → cancelled; shipped orders cannot be cancelled).
 */
export function changeOrder(
  order: OrderState,
  command: OrderCommand,
  at: Date,
): Result<OrderTransition, OrderInvariantError> {
  const rule = brokenRule(command, order.status);
  if (rule) return err(new OrderInvariantError(order.orderId, command, order.status, rule));
  const { status, eventType } = outcome[command];
  return ok({ eventType, state: { ...order, status, updatedAt: at.toISOString() } });
}
