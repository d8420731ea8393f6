import { parseOutboxEvent } from '@outflow/core-domain';
import { changeOrder, createOrder } from './order';
import { toOrderEvent } from './order-events';
import { parseOrderState } from './parse-order-state';

const at = new Date('2026-03-01T10:00:00.000Z');
const created = createOrder(
  {
    orderId: 'o-1',
    customerId: 'c-1',
    currency: 'USD',
    items: [{ sku: 'A', quantity: 3, unitPriceCents: 100 }],
  },
  at,
);
if (!created.ok) throw created.error;

describe('Function: toOrderEvent', () => {
  it('builds a valid state-transfer outbox event of aggregate type order', () => {
    // Act
    const event = toOrderEvent(created.value, { version: 1, eventId: 'e-1', occurredAt: at.toISOString() });
    // Assess
    expect(parseOutboxEvent(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, value: event });
    expect(event).toMatchObject({
      eventId: 'e-1',
      eventType: 'order.created',
      aggregateType: 'order',
      aggregateId: 'o-1',
      aggregateVersion: 1,
      occurredAt: '2026-03-01T10:00:00.000Z',
      schemaVersion: 1,
      state: created.value.state,
    });
  });

  it('carries the state after the change', () => {
    const confirmed = changeOrder(created.value.state, 'confirm', new Date('2026-03-02T00:00:00.000Z'));
    if (!confirmed.ok) throw confirmed.error;
    const event = toOrderEvent(confirmed.value, {
      version: 2,
      eventId: 'e-2',
      occurredAt: '2026-03-02T00:00:00.000Z',
    });
    expect(event).toMatchObject({
      eventType: 'order.confirmed',
      aggregateVersion: 2,
      state: { status: 'confirmed' },
    });
  });
});

describe('Function: parseOrderState', () => {
  it('reads back what an event carries', () => {
    const event = toOrderEvent(created.value, { version: 1, eventId: 'e-1', occurredAt: at.toISOString() });
    expect(parseOrderState(JSON.parse(JSON.stringify(event.state)))).toEqual({
      ok: true,
      value: created.value.state,
    });
  });

  it('refuses a state whose total disagrees with its items, or with an unknown status', () => {
    // Act
    const result = parseOrderState({
      ...created.value.state,
      totalCents: 1,
      status: 'lost',
      updatedAt: 'yesterday',
    });
    // Assess
    expect(result.ok ? [] : result.error.issues.map((i) => i.path)).toEqual([
      'status',
      'updatedAt',
      'totalCents',
    ]);
    const total = parseOrderState({ ...created.value.state, totalCents: 1 });
    expect(total.ok ? '' : total.error.message).toBe(
      'stored order is invalid: totalCents: expected 300 (the sum of the items), got 1',
    );
  });
});
