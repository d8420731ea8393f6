import { createHttpHandler, readJsonBody } from '@outflow/runtime-lambda';
import { orderUseCases } from '../composition-root';
import { orderResponse } from '../http/order-response';

/** POST /orders — body `{ orderId?, customerId, currency, items: [{ sku, quantity, unitPriceCents }] }`. */
export const handler = createHttpHandler(async (event) => {
  const body = readJsonBody(event);
  if (!body.ok) return body.error;
  return orderResponse(await orderUseCases().createOrder.execute(body.value), 201);
});
