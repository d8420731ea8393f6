import type { OutboxStore, ProjectionStore } from '@outflow/core-application';
import { parseOrderId } from '@outflow/orders';
import type { DeadLetterEntry, HttpApiRoute, LocalSubscription } from '@outflow/runtime-local';
import { compareOrder } from './order-comparison';

/** The stores of the subscriptions that have one, by subscription name. */
export const storesOf = (
  subscriptions: Readonly<Record<string, LocalSubscription>>,
): Record<string, ProjectionStore> =>
  Object.fromEntries(
    Object.entries(subscriptions).flatMap(([name, local]) => (local.store ? [[name, local.store]] : [])),
  );

/**
 * `GET /_outflow/orders/{id}`: what `outflow show` asks a running `npm start` (an embedded
 * database is open in that process only). Answers an `OrderComparison` as JSON, with the order's
 * dead-lettered changes from `deadLetters()`; 400 `validation` naming the id rule for an invalid id.
 */
export function showOrderRoute(
  source: OutboxStore,
  subscriptions: Readonly<Record<string, LocalSubscription>>,
  deadLetters: () => readonly DeadLetterEntry[],
): HttpApiRoute {
  return {
    method: 'GET',
    path: '/_outflow/orders/{id}',
    handler: async (event) => {
      const id = parseOrderId(event.pathParameters?.['id'] ?? '', 'id');
      if (!id.ok)
        return {
          statusCode: 400,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ error: 'validation', issues: [id.error] }),
        };
      const comparison = await compareOrder(id.value, source, storesOf(subscriptions), deadLetters());
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(comparison),
      };
    },
  };
}
