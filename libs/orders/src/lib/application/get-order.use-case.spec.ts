import { makeEvent } from '@outflow/testing';
import { orderDeps, validOrder } from '../../../test/order-fixtures';
import { CreateOrder } from './create-order.use-case';
import { GetOrder } from './get-order.use-case';

describe('Class: GetOrder', () => {
  describe('Method: execute', () => {
    it('returns the order with its version', async () => {
      // Prepare
      const deps = orderDeps();
      const created = await new CreateOrder(deps).execute(validOrder);
      // Act
      const result = await new GetOrder(deps).execute({ orderId: 'o-1' });
      // Assess
      expect(result).toEqual(created);
    });

    it('reports an unknown order as not found', async () => {
      const result = await new GetOrder(orderDeps()).execute({ orderId: 'o-404' });
      expect(result.ok ? undefined : result.error.kind).toBe('not-found');
    });

    it('names an order id that cannot exist', async () => {
      const result = await new GetOrder(orderDeps()).execute({ orderId: 'x'.repeat(101) });
      expect(result.ok ? undefined : result.error).toMatchObject({
        kind: 'invalid',
        issues: [{ path: 'orderId', message: 'must be at most 100 characters, got 101' }],
      });
    });

    it('throws when the stored order is corrupt rather than returning it', async () => {
      // Prepare
      const deps = orderDeps();
      await deps.store.save({
        aggregateType: 'order',
        aggregateId: 'o-1',
        expectedVersion: 0,
        state: { orderId: 'o-1' },
        events: [makeEvent('order', 'o-1', 1, { state: { orderId: 'o-1' } })],
      });
      // Act / Assess
      await expect(new GetOrder(deps).execute({ orderId: 'o-1' })).rejects.toThrow(
        'stored order is invalid: customerId',
      );
    });
  });
});
