import { changeOrderFlow } from './change-order';
import type { OrderResult, OrderUseCaseDependencies } from './order-result';

/**
 * created → confirmed (`order.confirmed`). Rules: not twice, never after shipping or cancelling.
 * Input `{ orderId, expectedVersion? }`; a cancelled order never changes again.
 */
export class ConfirmOrder {
  private readonly run: (input: unknown) => Promise<OrderResult>;

  constructor(deps: OrderUseCaseDependencies) {
    this.run = changeOrderFlow('confirm', deps);
  }

  execute(input: unknown): Promise<OrderResult> {
    return this.run(input);
  }
}
