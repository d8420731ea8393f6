import type { OutboxStore } from '@outflow/core-application';
import { err, ok } from '@outflow/core-domain';
import { OrderRepository } from './order-repository';
import { deletedFailure, type OrderResult } from './order-result';
import { parseOrderReference } from './parse-order-reference';

/** Reads an order and its version. Input `{ orderId }`; a deleted order is a `deleted` failure. */
export class GetOrder {
  private readonly orders: OrderRepository;

  constructor(deps: { readonly store: OutboxStore }) {
    this.orders = new OrderRepository(deps.store);
  }

  async execute(input: unknown): Promise<OrderResult> {
    const reference = parseOrderReference(input, { allowExpectedVersion: false });
    if (!reference.ok) return reference;
    const { orderId } = reference.value;
    const found = await this.orders.load(orderId);
    if (!found) return err({ kind: 'not-found', message: `no order with id ${orderId}`, orderId });
    return 'deleted' in found ? err(deletedFailure(orderId, found.version)) : ok(found);
  }
}
