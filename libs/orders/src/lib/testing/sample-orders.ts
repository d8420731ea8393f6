import type { OrderState } from '../order-state';

/**
 * A valid order state for `version` of `orderId`: 1–3 lines that change with the version, status
 * created → confirmed → shipped, the total matching the lines. For tests and benchmarks that need
 * realistic orders without running the Order aggregate's commands.
 */
export const sampleOrderState = (
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
