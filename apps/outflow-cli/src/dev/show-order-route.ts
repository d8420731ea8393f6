import type { OutboxStore, ProjectionStore } from '@outflow/core-application';
import type { HttpApiRoute, LocalSubscription } from '@outflow/runtime-local';
import { compareOrder } from './order-views';

/** The stores of the subscriptions that have one, by subscription name. */
export const storesOf = (
  subscriptions: Readonly<Record<string, LocalSubscription>>,
): Record<string, ProjectionStore> =>
  Object.fromEntries(
    Object.entries(subscriptions).flatMap(([name, local]) => (local.store ? [[name, local.store]] : [])),
  );

/**
 * `GET /_outflow/orders/{id}`: what `outflow show` asks a running `npm start` (an embedded
 * database is open in that process only). Answers an `OrderComparison` as JSON.
 */
export function showOrderRoute(
  source: OutboxStore,
  subscriptions: Readonly<Record<string, LocalSubscription>>,
): HttpApiRoute {
  return {
    method: 'GET',
    path: '/_outflow/orders/{id}',
    handler: async (event) => {
      const orderId = event.pathParameters?.['id'] ?? '';
      const comparison = await compareOrder(orderId, source, storesOf(subscriptions));
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(comparison),
      };
    },
  };
}
