import { OutflowError, ValidationError, type ValidationIssue } from '@outflow/core-domain';
import type { OrderStatus } from './order-state';

/** The lifecycle commands an order accepts after it was created. */
export type OrderCommand = 'confirm' | 'ship' | 'cancel';

/** Each lifecycle rule an order enforces, by a stable name (also the `rule` of an HTTP 409). */
export type OrderRule =
  | 'ship-requires-confirmed'
  | 'cancelled-order-is-final'
  | 'shipped-order-cannot-be-cancelled'
  | 'already-confirmed'
  | 'already-shipped';

const explain: Record<OrderRule, string> = {
  'ship-requires-confirmed': 'an order must be confirmed before it ships; confirm it first',
  'cancelled-order-is-final': 'a cancelled order cannot change',
  'shipped-order-cannot-be-cancelled': 'shipped orders cannot be cancelled',
  'already-confirmed': 'it is already confirmed',
  'already-shipped': 'it has already shipped',
};

/**
 * Order input (a command or a stored state) does not have the required shape; `issues` name each
 * bad field, e.g. `items[0].quantity`.
 */
export class OrderValidationError extends ValidationError {
  override readonly code = 'ORDER_INVALID';

  constructor(subject: string, issues: readonly ValidationIssue[], options?: { cause?: unknown }) {
    super(subject, issues, options);
  }
}

/** A lifecycle command breaks a rule of the order in its current status. Nothing was written. */
export class OrderInvariantError extends OutflowError {
  readonly code = 'ORDER_RULE_VIOLATED';

  constructor(
    readonly orderId: string,
    readonly command: OrderCommand,
    readonly status: OrderStatus,
    readonly rule: OrderRule,
    options?: { cause?: unknown },
  ) {
    super(`cannot ${command} order ${orderId} (status ${status}): ${explain[rule]} [${rule}]`, options);
  }
}
