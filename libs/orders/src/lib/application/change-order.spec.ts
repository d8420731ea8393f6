import { orderDeps, T0, T1, validOrder } from '../../../test/order-fixtures';
import { CancelOrder } from './cancel-order.use-case';
import { ConfirmOrder } from './confirm-order.use-case';
import { CreateOrder } from './create-order.use-case';
import { ShipOrder } from './ship-order.use-case';

async function created() {
  const deps = orderDeps();
  await new CreateOrder(deps).execute(validOrder);
  return deps;
}

describe('Class: ConfirmOrder', () => {
  describe('Method: execute', () => {
    it('writes exactly one change: the confirmed order at version 2 with its order.confirmed event', async () => {
      // Prepare
      const deps = await created();
      // Act
      const result = await new ConfirmOrder(deps).execute({ orderId: 'o-1' });
      // Assess
      const state = { ...validOrder, status: 'confirmed', totalCents: 3000, createdAt: T0, updatedAt: T1 };
      expect(result).toEqual({ ok: true, value: { order: state, version: 2 } });
      expect(deps.store.committed.slice(1)).toEqual([
        {
          aggregateType: 'order',
          aggregateId: 'o-1',
          expectedVersion: 1,
          state,
          events: [
            {
              eventId: 'id-2',
              eventType: 'order.confirmed',
              aggregateType: 'order',
              aggregateId: 'o-1',
              aggregateVersion: 2,
              occurredAt: T1,
              schemaVersion: 1,
              state,
            },
          ],
        },
      ]);
    });

    it('reports an unknown order as not found', async () => {
      const result = await new ConfirmOrder(orderDeps()).execute({ orderId: 'nope' });
      expect(result).toEqual({
        ok: false,
        error: { kind: 'not-found', orderId: 'nope', message: 'no order with id nope' },
      });
    });

    it('names the bad field of the input', async () => {
      const result = await new ConfirmOrder(orderDeps()).execute({
        orderId: 'o-1',
        expectedVersion: 'latest',
      });
      expect(result.ok ? [] : result.error).toMatchObject({
        kind: 'invalid',
        issues: [{ path: 'expectedVersion' }],
      });
    });

    it('reports a conflict and writes nothing when the expected version is not current', async () => {
      // Prepare
      const deps = await created();
      // Act
      const result = await new ConfirmOrder(deps).execute({ orderId: 'o-1', expectedVersion: 3 });
      // Assess
      expect(result).toEqual({
        ok: false,
        error: {
          kind: 'conflict',
          orderId: 'o-1',
          currentVersion: 1,
          message: 'order o-1 is at version 1, not the expected 3; reload it and retry',
        },
      });
      expect(deps.store.committed).toHaveLength(1);
    });

    it('lets exactly one of two concurrent commands win; the other gets a conflict', async () => {
      // Prepare
      const deps = await created();
      // Act: both read version 1 before either writes.
      const results = await Promise.all([
        new ConfirmOrder(deps).execute({ orderId: 'o-1' }),
        new CancelOrder(deps).execute({ orderId: 'o-1' }),
      ]);
      // Assess
      expect(results.map((r) => (r.ok ? 'ok' : r.error.kind)).sort()).toEqual(['conflict', 'ok']);
      expect(deps.store.committed).toHaveLength(2);
      expect(deps.store.committed[1]?.events[0]?.aggregateVersion).toBe(2);
    });
  });
});

describe('Class: ShipOrder', () => {
  describe('Method: execute', () => {
    it('ships a confirmed order at version 3 with its order.shipped event', async () => {
      // Prepare
      const deps = await created();
      await new ConfirmOrder(deps).execute({ orderId: 'o-1' });
      // Act
      const result = await new ShipOrder(deps).execute({ orderId: 'o-1', expectedVersion: 2 });
      // Assess
      expect(result.ok && result.value).toMatchObject({ version: 3, order: { status: 'shipped' } });
      expect(deps.store.committed).toHaveLength(3);
      expect(deps.store.committed[2]).toMatchObject({
        expectedVersion: 2,
        events: [{ eventType: 'order.shipped', aggregateVersion: 3 }],
      });
    });

    it('refuses to ship an unconfirmed order, names the rule and writes nothing', async () => {
      // Prepare
      const deps = await created();
      // Act
      const result = await new ShipOrder(deps).execute({ orderId: 'o-1' });
      // Assess
      expect(result.ok ? undefined : result.error).toMatchObject({
        kind: 'rule',
        rule: 'ship-requires-confirmed',
        command: 'ship',
        status: 'created',
      });
      expect(deps.store.committed).toHaveLength(1);
    });
  });
});

describe('Class: CancelOrder', () => {
  describe('Method: execute', () => {
    it('cancels a created order with its order.cancelled event, after which nothing changes it', async () => {
      // Prepare
      const deps = await created();
      // Act
      const cancelled = await new CancelOrder(deps).execute({ orderId: 'o-1' });
      const confirmed = await new ConfirmOrder(deps).execute({ orderId: 'o-1' });
      // Assess
      expect(cancelled.ok && cancelled.value).toMatchObject({ version: 2, order: { status: 'cancelled' } });
      expect(deps.store.committed[1]?.events.map((e) => e.eventType)).toEqual(['order.cancelled']);
      expect(confirmed.ok ? undefined : confirmed.error).toMatchObject({
        kind: 'rule',
        rule: 'cancelled-order-is-final',
      });
      expect(deps.store.committed).toHaveLength(2);
    });

    it('refuses to cancel a shipped order', async () => {
      // Prepare
      const deps = await created();
      await new ConfirmOrder(deps).execute({ orderId: 'o-1' });
      await new ShipOrder(deps).execute({ orderId: 'o-1' });
      // Act
      const result = await new CancelOrder(deps).execute({ orderId: 'o-1' });
      // Assess
      expect(result.ok ? undefined : result.error).toMatchObject({
        kind: 'rule',
        rule: 'shipped-order-cannot-be-cancelled',
      });
      expect(deps.store.committed).toHaveLength(3);
    });
  });
});
