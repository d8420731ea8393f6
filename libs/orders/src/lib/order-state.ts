/** Lifecycle of an order: created → confirmed → shipped; created or confirmed → cancelled. */
export type OrderStatus = 'created' | 'confirmed' | 'shipped' | 'cancelled';

/** Every {@link OrderStatus}, in lifecycle order. */
export const ORDER_STATUSES: readonly OrderStatus[] = ['created', 'confirmed', 'shipped', 'cancelled'];

export interface OrderLine {
  /** Stock keeping unit, e.g. `SKU-123`. */
  readonly sku: string;
  /** Integer ≥ 1. */
  readonly quantity: number;
  /** Price of one unit in minor units (cents), integer ≥ 1. */
  readonly unitPriceCents: number;
}

/**
 * The state of an Order after a change: what every `order.*` outbox event carries (state
 * transfer) and what each downstream projects. Amounts are integer minor units.
 */
export interface OrderState {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  /** ISO 4217 code, e.g. `EUR`. */
  readonly currency: string;
  readonly items: readonly OrderLine[];
  /** Sum of quantity × unitPriceCents over the items. */
  readonly totalCents: number;
  /** ISO-8601 instants. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Aggregate type of orders in events (`aggregateType`) and on the bus (`source: outflow.order`). */
export const ORDER_AGGREGATE_TYPE = 'order';
