import type { SearchDocument, SearchMapping } from '@outflow/core-application';
import { err, ok, type ValidationIssue } from '@outflow/core-domain';
import { OrderValidationError } from '../errors';
import { parseOrderState } from '../domain/parse-order-state';
import { ORDER_AGGREGATE_TYPE, type OrderState } from '../order-state';

/** The search document of a valid order state. */
function documentOf(aggregateId: string, state: OrderState): SearchDocument {
  return {
    id: aggregateId,
    customerId: state.customerId,
    status: state.status,
    currency: state.currency,
    totalCents: state.totalCents,
    items: state.items.map((item) => ({
      sku: item.sku,
      quantity: item.quantity,
      unitPriceCents: item.unitPriceCents,
    })),
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    // One full-text field: what a person types to find an order.
    text: [aggregateId, state.customerId, ...state.items.map((item) => item.sku)].join(' '),
  };
}

/**
 * Orders → the search index `orders` (index `<prefix>-orders-v1`). `toDocument` accepts exactly
 * the states the Order aggregate can write: it validates with `parseOrderState`, the one Order
 * parser, and fails with an `OrderValidationError` naming each bad field. Amounts stay integer
 * cents (`long`), times ISO-8601 instants (`date`), lines `nested` (so a query can match a sku and
 * its quantity in the same line); `text` holds the id, the customer and the skus for full-text
 * search. `fromDocument` reads a document back into an `OrderState` (validated the same way;
 * throws `OrderValidationError` for a document no order could have written).
 */
export const ordersSearchMapping: SearchMapping = {
  aggregateType: ORDER_AGGREGATE_TYPE,
  indexName: 'orders',
  version: 1,
  fields: {
    id: { type: 'keyword' },
    customerId: { type: 'keyword' },
    status: { type: 'keyword' },
    currency: { type: 'keyword' },
    totalCents: { type: 'long' },
    items: {
      type: 'nested',
      properties: {
        sku: { type: 'keyword' },
        quantity: { type: 'integer' },
        unitPriceCents: { type: 'long' },
      },
    },
    createdAt: { type: 'date' },
    updatedAt: { type: 'date' },
    text: { type: 'text' },
  },

  toDocument(aggregateId, raw) {
    const parsed = parseOrderState(raw);
    const issues: ValidationIssue[] = parsed.ok ? [] : [...parsed.error.issues];
    if (parsed.ok && parsed.value.orderId !== aggregateId)
      issues.push({ path: 'orderId', message: `must equal the aggregate id ${JSON.stringify(aggregateId)}` });
    if (!parsed.ok || issues.length > 0)
      return err(new OrderValidationError(`order ${aggregateId} state`, issues));
    return ok(documentOf(aggregateId, parsed.value));
  },

  fromDocument(document) {
    const items = Array.isArray(document['items']) ? (document['items'] as Record<string, unknown>[]) : [];
    const parsed = parseOrderState({
      orderId: document['id'],
      customerId: document['customerId'],
      status: document['status'],
      currency: document['currency'],
      items: items.map((item) => ({
        sku: item['sku'],
        quantity: item['quantity'],
        unitPriceCents: item['unitPriceCents'],
      })),
      totalCents: document['totalCents'],
      createdAt: document['createdAt'],
      updatedAt: document['updatedAt'],
    });
    if (!parsed.ok) throw parsed.error;
    return parsed.value as unknown as Record<string, unknown>;
  },
};
