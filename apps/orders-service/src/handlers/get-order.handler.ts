import { createHttpHandler, pathParameter } from '@outflow/runtime-lambda';
import { orderUseCases } from '../composition-root';
import { orderResponse } from '../http/order-response';

/** GET /orders/{id} — the order with its version. */
export const handler = createHttpHandler(async (event) =>
  orderResponse(await orderUseCases().getOrder.execute({ orderId: pathParameter(event, 'id') })),
);
