import type { OrderState } from '../order-state';
import { ordersLegacyMapping } from './orders.legacy-mapping';

const state = (overrides: Partial<OrderState> = {}): Record<string, unknown> => ({
  orderId: 'o-1',
  customerId: 'c-1',
  status: 'confirmed',
  currency: 'EUR',
  items: [
    { sku: 'A', quantity: 3, unitPriceCents: 1999 },
    { sku: 'B', quantity: 1, unitPriceCents: 5 },
  ],
  totalCents: 6002,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:05:00.000Z',
  ...overrides,
});

const issuesOf = (raw: Record<string, unknown>, id = 'o-1') => {
  const rows = ordersLegacyMapping.toRows(id, raw);
  return rows.ok ? [] : rows.error.issues.map((i) => i.path);
};

describe('Mapping: ordersLegacyMapping', () => {
  describe('Method: toRows', () => {
    it('maps a valid order to its root row and numbered lines, amounts as exact decimals', () => {
      expect(ordersLegacyMapping.toRows('o-1', state())).toEqual({
        ok: true,
        value: {
          root: {
            id: 'o-1',
            customer_id: 'c-1',
            status: 'confirmed',
            currency: 'EUR',
            total_amount: '60.02',
            created_at: '2026-11-01T10:00:00.000Z',
            updated_at: '2026-11-01T10:05:00.000Z',
          },
          children: {
            order_items: [
              {
                order_id: 'o-1',
                line_no: 1,
                sku: 'A',
                quantity: 3,
                unit_price: '19.99',
                line_total: '59.97',
              },
              { order_id: 'o-1', line_no: 2, sku: 'B', quantity: 1, unit_price: '0.05', line_total: '0.05' },
            ],
          },
        },
      });
    });

    it('refuses a unit price of 0, as the Order aggregate does', () => {
      const raw = state({ items: [{ sku: 'A', quantity: 1, unitPriceCents: 0 }], totalCents: 0 });
      expect(issuesOf(raw)).toEqual(['items[0].unitPriceCents']);
    });

    it('refuses dates without a zone, as the Order aggregate does', () => {
      const raw = state({ createdAt: '2026-11-01T10:00:00', updatedAt: '2026-11-01 10:05' });
      expect(issuesOf(raw)).toEqual(['createdAt', 'updatedAt']);
    });

    it('refuses a total that is not the sum of the lines, and a state of another aggregate', () => {
      expect(issuesOf(state({ totalCents: 1 }))).toEqual(['totalCents']);
      expect(issuesOf(state(), 'o-2')).toEqual(['orderId']);
    });

    it('names the subject and every bad field in its message', () => {
      const rows = ordersLegacyMapping.toRows('o-1', { ...state(), items: 'none' });
      expect(rows.ok).toBe(false);
      if (!rows.ok) {
        expect(rows.error.code).toBe('ORDER_INVALID');
        expect(rows.error.message).toContain('order o-1 state is invalid: items: expected at least one item');
      }
    });
  });

  describe('Method: fromRows', () => {
    it('reads rows as the database returns them back into the same state', () => {
      const rows = ordersLegacyMapping.toRows('o-1', state());
      if (!rows.ok) throw rows.error;
      const lines = [...(rows.value.children['order_items'] ?? [])].reverse();
      const back = ordersLegacyMapping.fromRows(
        {
          ...rows.value.root,
          currency: 'EUR',
          created_at: new Date('2026-11-01T10:00:00.000Z'),
          updated_at: new Date('2026-11-01T10:05:00.000Z'),
        },
        { order_items: lines },
      );
      expect(back).toEqual(state());
    });

    it('takes timestamps as the projection reads them (UTC text) and never re-reads a zoned text in this process zone', () => {
      // Prepare
      const rows = ordersLegacyMapping.toRows('o-1', state());
      if (!rows.ok) throw rows.error;
      const lines = rows.value.children['order_items'] ?? [];
      // Act / Assess: UTC text comes back unchanged.
      expect(ordersLegacyMapping.fromRows(rows.value.root, { order_items: lines })).toEqual(state());
      // A driver's zoned rendering (what a Europe/Berlin session prints) is refused, naming the field.
      expect(() =>
        ordersLegacyMapping.fromRows(
          { ...rows.value.root, created_at: '2026-11-01 11:00:00+01' },
          { order_items: lines },
        ),
      ).toThrow(/createdAt: expected an ISO-8601 UTC instant/);
    });

    it('throws naming the field when the rows hold what no order could have written', () => {
      expect(() =>
        ordersLegacyMapping.fromRows(
          { id: 'o-1', customer_id: 'c-1', status: 'lost', currency: 'EUR', total_amount: '0.00' },
          { order_items: [] },
        ),
      ).toThrow(/status: expected one of created, confirmed, shipped, cancelled/);
    });
  });
});
