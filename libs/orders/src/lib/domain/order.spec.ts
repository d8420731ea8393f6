import type { OrderState, OrderStatus } from '../order-state';
import { brokenRule, changeOrder, createOrder, type NewOrder } from './order';
import { parseOrderId } from './order-draft';
import type { OrderCommand } from '../errors';
import { OrderInvariantError, OrderValidationError } from '../errors';

const at = new Date('2026-03-01T10:00:00.000Z');
const later = new Date('2026-03-01T11:30:00.000Z');
const input: NewOrder = {
  orderId: 'o-1',
  customerId: 'c-7',
  currency: 'EUR',
  items: [
    { sku: 'SKU-1', quantity: 2, unitPriceCents: 1250 },
    { sku: 'SKU-2', quantity: 1, unitPriceCents: 999 },
  ],
};
const orderIn = (status: OrderStatus): OrderState => {
  const created = createOrder(input, at);
  if (!created.ok) throw created.error;
  return { ...created.value.state, status };
};

describe('Function: createOrder', () => {
  it('creates an order in status created with the total and both times set', () => {
    // Act
    const result = createOrder(input, at);
    // Assess
    expect(result).toEqual({
      ok: true,
      value: {
        eventType: 'order.created',
        state: {
          ...input,
          status: 'created',
          totalCents: 3499,
          createdAt: '2026-03-01T10:00:00.000Z',
          updatedAt: '2026-03-01T10:00:00.000Z',
        },
      },
    });
  });

  it.each([
    ['a zero quantity', { items: [{ sku: 'S', quantity: 0, unitPriceCents: 1 }] }, 'items[0].quantity'],
    [
      'a fractional quantity',
      { items: [{ sku: 'S', quantity: 1.5, unitPriceCents: 1 }] },
      'items[0].quantity',
    ],
    [
      'a quantity given as text',
      { items: [{ sku: 'S', quantity: '2', unitPriceCents: 1 }] },
      'items[0].quantity',
    ],
    [
      'a negative price',
      { items: [{ sku: 'S', quantity: 1, unitPriceCents: -5 }] },
      'items[0].unitPriceCents',
    ],
    [
      'a missing sku in the second item',
      {
        items: [
          { sku: 'S', quantity: 1, unitPriceCents: 1 },
          { quantity: 1, unitPriceCents: 1 },
        ],
      },
      'items[1].sku',
    ],
    [
      'an unknown item field',
      { items: [{ sku: 'S', quantity: 1, unitPriceCents: 1, price: 3 }] },
      'items[0].price',
    ],
    ['no items', { items: [] }, 'items'],
    ['items that are not a list', { items: 'SKU-1' }, 'items'],
    ['a lower-case currency', { currency: 'eur' }, 'currency'],
    ['a four-letter currency', { currency: 'EURO' }, 'currency'],
    ['an empty customer id', { customerId: '' }, 'customerId'],
    ['a customer id of 101 characters', { customerId: 'c'.repeat(101) }, 'customerId'],
    ['an order id with a slash', { orderId: 'a/b' }, 'orderId'],
    ['an order id of 101 characters', { orderId: 'o'.repeat(101) }, 'orderId'],
    ['an unknown field', { note: 'hi' }, 'note'],
  ])('refuses %s and names the field', (_, change, path) => {
    // Act
    const result = createOrder({ ...input, ...change } as NewOrder, at);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(OrderValidationError);
    expect(result.error.issues.map((i) => i.path)).toEqual([path]);
  });

  it('reports every bad field at once', () => {
    const result = createOrder(
      { orderId: '', customerId: 3, currency: null, items: [] } as unknown as NewOrder,
      at,
    );
    expect(result.ok ? [] : result.error.issues.map((i) => i.path)).toEqual([
      'orderId',
      'customerId',
      'currency',
      'items',
    ]);
  });
});

describe('Function: changeOrder', () => {
  // The whole lifecycle table: every command in every status.
  it.each<[OrderCommand, OrderStatus, OrderStatus | string]>([
    ['confirm', 'created', 'confirmed'],
    ['confirm', 'confirmed', 'already-confirmed'],
    ['confirm', 'shipped', 'already-shipped'],
    ['confirm', 'cancelled', 'cancelled-order-is-final'],
    ['ship', 'created', 'ship-requires-confirmed'],
    ['ship', 'confirmed', 'shipped'],
    ['ship', 'shipped', 'already-shipped'],
    ['ship', 'cancelled', 'cancelled-order-is-final'],
    ['cancel', 'created', 'cancelled'],
    ['cancel', 'confirmed', 'cancelled'],
    ['cancel', 'shipped', 'shipped-order-cannot-be-cancelled'],
    ['cancel', 'cancelled', 'cancelled-order-is-final'],
  ])('%s in status %s gives %s', (command, status, expected) => {
    // Act
    const result = changeOrder(orderIn(status), command, later);
    // Assess
    if (result.ok) {
      expect(result.value.state.status).toBe(expected);
      expect(result.value.eventType).toBe(`order.${expected}`);
    } else {
      expect(result.error.rule).toBe(expected);
      expect(brokenRule(command, status)).toBe(expected);
    }
  });

  it('keeps everything but status and updatedAt', () => {
    const result = changeOrder(orderIn('created'), 'confirm', later);
    expect(result.ok && result.value.state).toEqual({
      ...orderIn('created'),
      status: 'confirmed',
      updatedAt: later.toISOString(),
    });
  });

  it('explains a broken rule with the order, the command and what to do', () => {
    // Act
    const result = changeOrder(orderIn('created'), 'ship', later);
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(OrderInvariantError);
    expect(result.error.code).toBe('ORDER_RULE_VIOLATED');
    expect(result.error.message).toBe(
      'cannot ship order o-1 (status created): an order must be confirmed before it ships; confirm it first [ship-requires-confirmed]',
    );
  });

  it('refuses to cancel a shipped order', () => {
    const result = changeOrder(orderIn('shipped'), 'cancel', later);
    expect(result.ok ? '' : result.error.message).toContain('shipped orders cannot be cancelled');
  });
});

describe('Function: parseOrderId', () => {
  it('accepts an id of the id rule', () => {
    expect(parseOrderId('o-1.a_b:c')).toEqual({ ok: true, value: 'o-1.a_b:c' });
  });

  it('names the rule an id breaks (a space), and the length limit', () => {
    expect(parseOrderId('a b')).toEqual({
      ok: false,
      error: {
        path: 'orderId',
        message:
          'must start with a letter or digit and hold only letters, digits, ".", "_", ":" or "-", got "a b"',
      },
    });
    expect(parseOrderId('x'.repeat(101), 'id')).toMatchObject({ ok: false, error: { path: 'id' } });
  });
});
