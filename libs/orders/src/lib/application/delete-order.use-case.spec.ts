import { orderDeps, T1, validOrder } from '../../../test/order-fixtures';
import { ConfirmOrder } from './confirm-order.use-case';
import { CreateOrder } from './create-order.use-case';
import { DeleteOrder } from './delete-order.use-case';
import { GetOrder } from './get-order.use-case';

async function created() {
  const deps = orderDeps();
  await new CreateOrder(deps).execute(validOrder);
  return deps;
}

describe('Class: DeleteOrder', () => {
  describe('Method: execute', () => {
    it('writes ONE change: the tombstone at version 2 with its order.deleted deletion event', async () => {
      // Prepare
      const deps = await created();
      // Act
      const result = await new DeleteOrder(deps).execute({ orderId: 'o-1' });
      // Assess
      expect(result).toEqual({ ok: true, value: { orderId: 'o-1', deleted: true, version: 2 } });
      expect(deps.store.committed.slice(1)).toEqual([
        {
          aggregateType: 'order',
          aggregateId: 'o-1',
          expectedVersion: 1,
          state: null,
          events: [
            {
              eventId: 'id-2',
              eventType: 'order.deleted',
              aggregateType: 'order',
              aggregateId: 'o-1',
              aggregateVersion: 2,
              occurredAt: T1,
              schemaVersion: 1,
              deleted: true,
            },
          ],
        },
      ]);
    });

    it('deletes an order in any status, e.g. confirmed, at version + 1', async () => {
      const deps = await created();
      await new ConfirmOrder(deps).execute({ orderId: 'o-1' });
      const result = await new DeleteOrder(deps).execute({ orderId: 'o-1', expectedVersion: 2 });
      expect(result.ok && result.value.version).toBe(3);
    });

    it('answers not-found for an unknown order and writes nothing', async () => {
      const deps = orderDeps();
      const result = await new DeleteOrder(deps).execute({ orderId: 'o-404' });
      expect(result.ok ? undefined : result.error).toEqual({
        kind: 'not-found',
        orderId: 'o-404',
        message: 'no order with id o-404',
      });
      expect(deps.store.committed).toEqual([]);
    });

    it('answers deleted, with the tombstone version, for an order deleted before; nothing is written', async () => {
      // Prepare
      const deps = await created();
      await new DeleteOrder(deps).execute({ orderId: 'o-1' });
      // Act
      const again = await new DeleteOrder(deps).execute({ orderId: 'o-1' });
      // Assess
      expect(again.ok ? undefined : again.error).toEqual({
        kind: 'deleted',
        orderId: 'o-1',
        version: 2,
        message:
          'order o-1 was deleted at version 2; a deleted order never changes and its id is never reused',
      });
      expect(deps.store.committed).toHaveLength(2);
    });

    it('answers conflict when the order is not at the expected version', async () => {
      const deps = await created();
      const result = await new DeleteOrder(deps).execute({ orderId: 'o-1', expectedVersion: 5 });
      expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'conflict', currentVersion: 1 });
      expect(deps.store.committed).toHaveLength(1);
    });

    it('names a bad order id', async () => {
      const result = await new DeleteOrder(orderDeps()).execute({ orderId: 'a/b' });
      expect(result.ok ? undefined : result.error).toMatchObject({
        kind: 'invalid',
        issues: [{ path: 'orderId' }],
      });
    });
  });

  describe('after a deletion', () => {
    it('reads, changes and re-creation of the id all answer that it was deleted; nothing is written', async () => {
      // Prepare
      const deps = await created();
      await new DeleteOrder(deps).execute({ orderId: 'o-1' });
      // Act
      const read = await new GetOrder(deps).execute({ orderId: 'o-1' });
      const confirm = await new ConfirmOrder(deps).execute({ orderId: 'o-1' });
      const recreate = await new CreateOrder(deps).execute(validOrder);
      // Assess
      expect(read.ok ? undefined : read.error).toMatchObject({ kind: 'deleted', version: 2 });
      expect(confirm.ok ? undefined : confirm.error).toMatchObject({ kind: 'deleted', version: 2 });
      expect(recreate.ok ? undefined : recreate.error).toEqual({
        kind: 'conflict',
        orderId: 'o-1',
        currentVersion: 2,
        message:
          'order o-1 was deleted at version 2 and an order id is never reused; choose another orderId or omit it',
      });
      expect(deps.store.committed).toHaveLength(2);
    });
  });
});
