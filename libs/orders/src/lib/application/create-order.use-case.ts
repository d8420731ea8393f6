import { err, ok } from '@outflow/core-domain';
import { createOrder } from '../domain/order';
import { parseOrderDraft } from '../domain/order-draft';
import { toOrderEvent } from '../domain/order-events';
import { OrderRepository } from './order-repository';
import type { OrderResult, OrderUseCaseDependencies } from './order-result';
import { invalid } from './parse-order-reference';

/**
 * Creates an order from raw input `{ orderId?, customerId, currency, items: [{ sku, quantity,
 * unitPriceCents }] }` and writes it with its `order.created` event at version 1. Without an
 * `orderId` the service picks one; an id that exists, or existed and was deleted, is a conflict
 * (versions of an id never go back, so a deleted id is never reused).
 */
export class CreateOrder {
  private readonly orders: OrderRepository;

  constructor(private readonly deps: OrderUseCaseDependencies) {
    this.orders = new OrderRepository(deps.store);
  }

  async execute(input: unknown): Promise<OrderResult> {
    const draft = parseOrderDraft(input, { orderIdOptional: true });
    if (!draft.ok) return err(invalid('order', draft.error.issues));
    const now = this.deps.clock.now();
    const created = createOrder(
      { ...draft.value, orderId: draft.value.orderId ?? this.deps.ids.next() },
      now,
    );
    if (!created.ok) return err(invalid('order', created.error.issues));

    const event = toOrderEvent(created.value, {
      version: 1,
      eventId: this.deps.ids.next(),
      occurredAt: now.toISOString(),
    });
    const orderId = created.value.state.orderId;
    if ((await this.orders.save(created.value, event, 0)) === 'conflict') {
      const existing = await this.orders.load(orderId);
      const deleted = existing && 'deleted' in existing;
      return err({
        kind: 'conflict',
        message: deleted
          ? `order ${orderId} was deleted at version ${existing.version} and an order id is never reused; choose another orderId or omit it`
          : `order ${orderId} already exists; choose another orderId or omit it`,
        orderId,
        ...(existing ? { currentVersion: existing.version } : {}),
      });
    }
    return ok({ order: created.value.state, version: 1 });
  }
}
