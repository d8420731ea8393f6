import { changeOrderFlow } from './change-order';
import type { OrderResult, OrderUseCaseDependencies } from './order-result';

/**
 * confirmed → shipped (`order.shipped`). Rule: an unconfirmed order cannot ship.
 * Input `{ orderId, expectedVersion? }`; a cancelled order never changes again.
 */
export class ShipOrder {
  private readonly run: (input: unknown) => Promise<OrderResult>;

  constructor(deps: OrderUseCaseDependencies) {
    this.run = changeOrderFlow('ship', deps);
  }

  execute(input: unknown): Promise<OrderResult> {
    return this.run(input);
  }
}
