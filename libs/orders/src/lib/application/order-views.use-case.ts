import type { ViewReader } from '@outflow/core-application';
import { err, ok, type Result, type ValidationIssue } from '@outflow/core-domain';
import { checkText, ORDER_LIMITS } from '../domain/order-limits';
import { ORDER_AGGREGATE_TYPE, ORDER_STATUSES, type OrderStatus } from '../order-state';
import { CUSTOMER_ORDERS_VIEW, ORDERS_BY_STATUS_VIEW } from '../views/orders.view-definition';

/** A customer's orders by status: how many, and their total per currency (integer minor units). */
export interface CustomerSummary {
  readonly customerId: string;
  /** Orders not deleted, cancelled ones included. */
  readonly orders: number;
  /** Every status, with zero counts and no totals where the customer has none. */
  readonly byStatus: Readonly<
    Record<OrderStatus, { readonly count: number; readonly totalCents: Readonly<Record<string, number>> }>
  >;
}

/** All orders not deleted, counted by status (every status listed, zeros included). */
export interface OrdersByStatus {
  readonly orders: number;
  readonly byStatus: Readonly<Record<OrderStatus, number>>;
}

/**
 * Reads a customer's order summary from the `customer-orders` view (eventually consistent: it
 * follows the writes within seconds, through views-sync). Input `{ customerId }`; an unknown
 * customer has zero orders.
 */
export class GetCustomerSummary {
  constructor(private readonly deps: { readonly views: ViewReader }) {}

  async execute(input: {
    readonly customerId: unknown;
  }): Promise<Result<CustomerSummary, readonly ValidationIssue[]>> {
    const issues: ValidationIssue[] = [];
    checkText(input.customerId, 'customerId', issues, ORDER_LIMITS.customerId);
    if (issues.length > 0) return err(issues);
    const customerId = input.customerId as string;
    const row = await this.deps.views.readRow(ORDER_AGGREGATE_TYPE, CUSTOMER_ORDERS_VIEW, customerId);
    const byStatus = Object.fromEntries(
      ORDER_STATUSES.map((s) => [
        s,
        { count: row.groups[s]?.count ?? 0, totalCents: { ...row.groups[s]?.totals } },
      ]),
    ) as CustomerSummary['byStatus'];
    const orders = ORDER_STATUSES.reduce((sum, s) => sum + byStatus[s].count, 0);
    return ok({ customerId, orders, byStatus });
  }
}

/** Reads the global `orders-by-status` view (its shards summed; eventually consistent). */
export class GetOrdersByStatus {
  constructor(private readonly deps: { readonly views: ViewReader }) {}

  async execute(): Promise<OrdersByStatus> {
    const row = await this.deps.views.readRow(ORDER_AGGREGATE_TYPE, ORDERS_BY_STATUS_VIEW);
    const byStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, row.groups[s]?.count ?? 0])) as Record<
      OrderStatus,
      number
    >;
    return { orders: ORDER_STATUSES.reduce((sum, s) => sum + byStatus[s], 0), byStatus };
  }
}
