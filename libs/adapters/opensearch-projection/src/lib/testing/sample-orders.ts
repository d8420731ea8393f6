import type { SearchMapping } from '@outflow/core-application';
import { ok } from '@outflow/core-domain';
import { ordersSearchMapping, type OrderState } from '@outflow/orders';

/** A valid order state for `version` of `orderId` (1–3 lines that change with the version). */
export const searchOrderState = (
  orderId: string,
  version: number,
  overrides: Partial<OrderState> = {},
): OrderState => {
  const items = Array.from({ length: 1 + (version % 3) }, (_, i) => ({
    sku: `SKU-${i}`,
    quantity: i + version,
    unitPriceCents: 199 * (i + 1),
  }));
  return {
    orderId,
    customerId: 'customer-1',
    status: (['created', 'confirmed', 'shipped'] as const)[Math.min(version - 1, 2)] ?? 'created',
    currency: 'EUR',
    items,
    totalCents: items.reduce((sum, i) => sum + i.quantity * i.unitPriceCents, 0),
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: new Date(Date.UTC(2026, 10, 1, 10, 0, version)).toISOString(),
    ...overrides,
  };
};

/** The customer id that {@link unguardedSearchOrders} turns into a document OpenSearch refuses. */
export const POISON_CUSTOMER = 'c-poison';

/**
 * The Order search mapping with one hole: a customer `c-poison` writes `totalCents: "not a
 * number"`, which the `long` field refuses (400 `mapper_parsing_exception`). The Order parser
 * keeps every valid order within the mappings, so only a mapping like this one shows how the
 * store handles a refusal by OPENSEARCH.
 */
export const unguardedSearchOrders: SearchMapping = {
  ...ordersSearchMapping,
  toDocument(aggregateId, raw) {
    const document = ordersSearchMapping.toDocument(aggregateId, raw);
    if (!document.ok || document.value['customerId'] !== POISON_CUSTOMER) return document;
    return ok({ ...document.value, totalCents: 'not a number' });
  },
};
