import { err, ok } from '@outflow/core-domain';
import { changeOrder } from '../domain/order';
import type { OrderCommand } from '../errors';
import { toOrderEvent } from '../domain/order-events';
import { OrderRepository } from './order-repository';
import { deletedFailure, type OrderResult, type OrderUseCaseDependencies } from './order-result';
import { parseOrderReference } from './parse-order-reference';

/**
 * The shared flow of confirm, ship and cancel: validate → load → check the expected version →
 * apply the lifecycle rule → write state + event at version + 1, conditioned on the version read.
 */
export function changeOrderFlow(
  command: OrderCommand,
  deps: OrderUseCaseDependencies,
): (input: unknown) => Promise<OrderResult> {
  const orders = new OrderRepository(deps.store);
  return async (input) => {
    const reference = parseOrderReference(input, { allowExpectedVersion: true });
    if (!reference.ok) return reference;
    const { orderId, expectedVersion } = reference.value;
    const current = await orders.load(orderId);
    if (!current) return err({ kind: 'not-found', message: `no order with id ${orderId}`, orderId });
    if ('deleted' in current) return err(deletedFailure(orderId, current.version));
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      const message = `order ${orderId} is at version ${current.version}, not the expected ${expectedVersion}; reload it and retry`;
      return err({ kind: 'conflict', message, orderId, currentVersion: current.version });
    }

    const now = deps.clock.now();
    const changed = changeOrder(current.order, command, now);
    if (!changed.ok) {
      const { message, rule, status } = changed.error;
      return err({ kind: 'rule', message, orderId, command, status, rule });
    }
    const version = current.version + 1;
    const event = toOrderEvent(changed.value, {
      version,
      eventId: deps.ids.next(),
      occurredAt: now.toISOString(),
    });
    if ((await orders.save(changed.value, event, current.version)) === 'conflict') {
      return err({
        kind: 'conflict',
        message: `order ${orderId} was changed concurrently after version ${current.version}; reload it and retry`,
        orderId,
      });
    }
    return ok({ order: changed.value.state, version });
  };
}
