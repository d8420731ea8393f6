import type { OrderState } from '../order-state';
import { ordersSearchMapping } from './orders.search-mapping';

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

describe('Mapping: ordersSearchMapping', () => {
  describe('Method: toDocument', () => {
    it('maps a valid order to its document, with a full-text field of id, customer and skus', () => {
      const document = ordersSearchMapping.toDocument('o-1', state());
      expect(document).toEqual({
        ok: true,
        value: {
          id: 'o-1',
          customerId: 'c-1',
          status: 'confirmed',
          currency: 'EUR',
          totalCents: 6002,
          items: [
            { sku: 'A', quantity: 3, unitPriceCents: 1999 },
            { sku: 'B', quantity: 1, unitPriceCents: 5 },
          ],
          createdAt: '2026-11-01T10:00:00.000Z',
          updatedAt: '2026-11-01T10:05:00.000Z',
          text: 'o-1 c-1 A B',
        },
      });
    });

    it('refuses what the Order aggregate refuses, naming each bad field', () => {
      const document = ordersSearchMapping.toDocument('o-1', state({ totalCents: 1 }));
      expect(document.ok).toBe(false);
      if (!document.ok) {
        expect(document.error.code).toBe('ORDER_INVALID');
        expect(document.error.issues.map((i) => i.path)).toEqual(['totalCents']);
      }
      const other = ordersSearchMapping.toDocument('o-2', state());
      expect(!other.ok && other.error.issues.map((i) => i.path)).toEqual(['orderId']);
    });

    it('declares no field the adapter writes itself', () => {
      expect(Object.keys(ordersSearchMapping.fields)).not.toEqual(expect.arrayContaining(['aggregateId']));
      expect(
        Object.keys(ordersSearchMapping.fields).filter((f) => ['version', 'deleted'].includes(f)),
      ).toEqual([]);
    });
  });

  describe('Method: fromDocument', () => {
    it('reads a document back into the state it was made from', () => {
      const document = ordersSearchMapping.toDocument('o-1', state());
      expect(document.ok && ordersSearchMapping.fromDocument(document.value)).toEqual(state());
    });

    it('throws for a document no order could have written', () => {
      expect(() => ordersSearchMapping.fromDocument({ id: 'o-1', status: 'lost' })).toThrow(/status/);
    });
  });
});
