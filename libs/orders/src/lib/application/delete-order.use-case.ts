import { err, ok, type Result } from '@outflow/core-domain';
import { toOrderDeletionEvent } from '../domain/order-events';
import { OrderRepository } from './order-repository';
import {
  deletedFailure,
  type DeletedOrder,
  type OrderFailure,
  type OrderUseCaseDependencies,
} from './order-result';
import { parseOrderReference } from './parse-order-reference';

/**
 * Deletes an order, in any status: input `{ orderId, expectedVersion? }`. Writes ONE change through
 * the outbox store: the tombstone at version + 1 with its `order.deleted` deletion event, so every
 * downstream removes the order and keeps a tombstone at that version. Failures: `invalid` (bad
 * input, each field named), `not-found` (no order with this id), `deleted` (already deleted; the
 * tombstone's version is given), `conflict` (not at `expectedVersion`, or a concurrent change).
 * A deleted order never changes again and its id is never reused (README, "Deletes and id reuse").
 */
export class DeleteOrder {
  private readonly orders: OrderRepository;

  constructor(private readonly deps: OrderUseCaseDependencies) {
    this.orders = new OrderRepository(deps.store);
  }

  async execute(input: unknown): Promise<Result<DeletedOrder, OrderFailure>> {
    const reference = parseOrderReference(input, { allowExpectedVersion: true });
    if (!reference.ok) return reference;
    const { orderId, expectedVersion } = reference.value;
    const current = await this.orders.load(orderId);
    if (!current) return err({ kind: 'not-found', message: `no order with id ${orderId}`, orderId });
    if ('deleted' in current) return err(deletedFailure(orderId, current.version));
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      const message = `order ${orderId} is at version ${current.version}, not the expected ${expectedVersion}; reload it and retry`;
      return err({ kind: 'conflict', message, orderId, currentVersion: current.version });
    }
    const version = current.version + 1;
    const event = toOrderDeletionEvent(orderId, {
      version,
      eventId: this.deps.ids.next(),
      occurredAt: this.deps.clock.now().toISOString(),
    });
    if ((await this.orders.delete(orderId, event, current.version)) === 'conflict') {
      return err({
        kind: 'conflict',
        message: `order ${orderId} was changed concurrently after version ${current.version}; reload it and retry`,
        orderId,
      });
    }
    return ok({ orderId, deleted: true, version });
  }
}
