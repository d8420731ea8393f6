import type { OrderResult } from '@outflow/orders';
import { orderResponse, withOrderId } from './order-response';

const order = {
  orderId: 'o 1',
  customerId: 'c-1',
  status: 'created' as const,
  currency: 'EUR',
  items: [{ sku: 'A', quantity: 1, unitPriceCents: 5 }],
  totalCents: 5,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
};
const body = (result: OrderResult, status?: 200 | 201) => {
  const response = orderResponse(result, status);
  return [response.statusCode, JSON.parse(response.body ?? 'null')];
};

describe('Function: orderResponse', () => {
  it('answers the order with its version, and a Location on create', () => {
    expect(body({ ok: true, value: { order, version: 3 } })).toEqual([200, { ...order, version: 3 }]);
    expect(orderResponse({ ok: true, value: { order, version: 1 } }, 201).headers).toMatchObject({
      location: '/orders/o%201',
    });
  });

  it('maps each failure to its status and error kind', () => {
    const issues = [{ path: 'items[0].quantity', message: 'expected an integer ≥ 1, got 0' }];
    expect(body({ ok: false, error: { kind: 'invalid', message: 'm', issues } })).toEqual([
      400,
      { error: 'validation', issues },
    ]);
    expect(
      body({ ok: false, error: { kind: 'not-found', message: 'no order with id x', orderId: 'x' } }),
    ).toEqual([404, { error: 'not-found', message: 'no order with id x', orderId: 'x' }]);
    expect(
      body({ ok: false, error: { kind: 'conflict', message: 'm', orderId: 'x', currentVersion: 2 } }),
    ).toEqual([409, { error: 'conflict', message: 'm', orderId: 'x', currentVersion: 2 }]);
    expect(
      body({
        ok: false,
        error: {
          kind: 'rule',
          message: 'm',
          orderId: 'x',
          command: 'ship',
          status: 'created',
          rule: 'ship-requires-confirmed',
        },
      }),
    ).toEqual([
      409,
      {
        error: 'rule-violation',
        message: 'm',
        orderId: 'x',
        rule: 'ship-requires-confirmed',
        status: 'created',
      },
    ]);
  });
});

describe('Function: withOrderId', () => {
  it('adds the path id to an object body, or makes one, and passes anything else on for validation', () => {
    expect(withOrderId(undefined, 'o-1')).toEqual({ ok: true, value: { orderId: 'o-1' } });
    expect(withOrderId({ expectedVersion: 2 }, 'o-1')).toEqual({
      ok: true,
      value: { expectedVersion: 2, orderId: 'o-1' },
    });
    expect(withOrderId({ orderId: 'o-1' }, 'o-1')).toEqual({ ok: true, value: { orderId: 'o-1' } });
    expect(withOrderId([1], 'o-1')).toEqual({ ok: true, value: [1] });
  });

  it('refuses a body whose orderId contradicts the path (POST /orders/ev-1/confirm with {"orderId":"o-1"})', () => {
    // Act
    const result = withOrderId({ orderId: 'o-1' }, 'ev-1');
    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.statusCode).toBe(400);
    expect(JSON.parse(result.error.body ?? '')).toEqual({
      error: 'validation',
      issues: [
        {
          path: 'orderId',
          message:
            'the path names order "ev-1" but the body says "o-1"; leave orderId out of the body (the path names the order)',
        },
      ],
    });
  });
});
