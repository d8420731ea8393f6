import { changeOrderFlow } from './change-order';
import type { OrderResult, OrderUseCaseDependencies } from './order-result';

/**
 * created or confirmed → cancelled (`order.cancelled`). Rule: shipped orders cannot be cancelled.
 * Input `{ orderId, expectedVersion? }`; a cancelled order never changes again.
 */
export class CancelOrder {
  private readonly run: (input: unknown) => Promise<OrderResult>;

  constructor(deps: OrderUseCaseDependencies) {
    this.run = changeOrderFlow('cancel', deps);
  }

  execute(input: unknown): Promise<OrderResult> {
    return this.run(input);
  }
}
