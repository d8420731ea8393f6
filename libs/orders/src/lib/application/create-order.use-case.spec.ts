import { orderDeps, T0, validOrder } from '../../../test/order-fixtures';
import { CreateOrder } from './create-order.use-case';

describe('Class: CreateOrder', () => {
  describe('Method: execute', () => {
    it('writes exactly one change: the new order at version 1 with its order.created event', async () => {
      // Prepare
      const deps = orderDeps();
      // Act
      const result = await new CreateOrder(deps).execute(validOrder);
      // Assess
      const state = { ...validOrder, status: 'created', totalCents: 3000, createdAt: T0, updatedAt: T0 };
      expect(result).toEqual({ ok: true, value: { order: state, version: 1 } });
      expect(deps.store.committed).toEqual([
        {
          aggregateType: 'order',
          aggregateId: 'o-1',
          expectedVersion: 0,
          state,
          events: [
            {
              eventId: 'id-1',
              eventType: 'order.created',
              aggregateType: 'order',
              aggregateId: 'o-1',
              aggregateVersion: 1,
              occurredAt: T0,
              schemaVersion: 1,
              state,
            },
          ],
        },
      ]);
    });

    it('chooses the order id when the input has none', async () => {
      // Prepare
      const deps = orderDeps();
      const { orderId: _omitted, ...withoutId } = validOrder;
      // Act
      const result = await new CreateOrder(deps).execute(withoutId);
      // Assess
      expect(result.ok && result.value.order.orderId).toBe('id-1');
      expect(deps.store.committed[0]?.events[0]).toMatchObject({ aggregateId: 'id-1', eventId: 'id-2' });
    });

    it('returns the invalid fields and writes nothing', async () => {
      // Prepare
      const deps = orderDeps();
      // Act
      const result = await new CreateOrder(deps).execute({
        ...validOrder,
        items: [{ sku: 'S', quantity: 0, unitPriceCents: 5 }],
      });
      // Assess
      expect(result).toEqual({
        ok: false,
        error: {
          kind: 'invalid',
          message: 'order is invalid: items[0].quantity: expected an integer ≥ 1, got 0',
          issues: [{ path: 'items[0].quantity', message: 'expected an integer ≥ 1, got 0' }],
        },
      });
      expect(deps.store.committed).toEqual([]);
    });

    it('refuses input that is not an object', async () => {
      const result = await new CreateOrder(orderDeps()).execute('order please');
      expect(result.ok ? [] : result.error).toMatchObject({ kind: 'invalid', issues: [{ path: '(body)' }] });
    });

    it('reports a conflict for an id that already exists and leaves the first order as it was', async () => {
      // Prepare
      const deps = orderDeps();
      const useCase = new CreateOrder(deps);
      await useCase.execute(validOrder);
      // Act
      const result = await useCase.execute({ ...validOrder, customerId: 'someone-else' });
      // Assess
      expect(result).toEqual({
        ok: false,
        error: {
          kind: 'conflict',
          orderId: 'o-1',
          currentVersion: 1,
          message: 'order o-1 already exists; choose another orderId or omit it',
        },
      });
      expect(deps.store.committed).toHaveLength(1);
      expect((await deps.store.load('order', 'o-1'))?.state).toMatchObject({ customerId: 'c-1' });
    });
  });
});
