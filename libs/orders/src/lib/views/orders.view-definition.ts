import type { ViewDefinition } from '@outflow/core-application';
import { err, ok } from '@outflow/core-domain';
import { parseOrderState } from '../domain/parse-order-state';
import { ORDER_AGGREGATE_TYPE } from '../order-state';

/** Per customer: orders counted by status, `totalCents` summed per currency and status. */
export const CUSTOMER_ORDERS_VIEW = 'customer-orders';
/** All orders counted by status; written by every change, so sharded (summed on read). */
export const ORDERS_BY_STATUS_VIEW = 'orders-by-status';

/**
 * The order views, as data: `customer-orders` (row = customerId, count and total per currency by
 * status) and `orders-by-status` (one global row in 8 shards, count by status). A cancelled order
 * counts under `cancelled`; a deleted one counts nowhere. States are validated with
 * `parseOrderState`, the one Order parser, so a store refuses a state no order could have.
 */
export const ordersViewDefinition: ViewDefinition = {
  aggregateType: ORDER_AGGREGATE_TYPE,
  views: [
    {
      name: CUSTOMER_ORDERS_VIEW,
      partitionBy: 'customerId',
      groupBy: 'status',
      sum: { field: 'totalCents', per: 'currency' },
    },
    { name: ORDERS_BY_STATUS_VIEW, groupBy: 'status', shards: 8 },
  ],
  validate: (_aggregateId, state) => {
    const parsed = parseOrderState(state);
    return parsed.ok ? ok(state) : err(parsed.error);
  },
};
