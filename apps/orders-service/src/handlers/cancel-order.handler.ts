import { createHttpHandler, pathParameter, readJsonBody } from '@outflow/runtime-lambda';
import { orderUseCases } from '../composition-root';
import { orderResponse, withOrderId } from '../http/order-response';

/** POST /orders/{id}/cancel — optional body `{ "expectedVersion": n }` to guard against concurrent changes. */
export const handler = createHttpHandler(async (event) => {
  const body = readJsonBody(event);
  if (!body.ok) return body.error;
  const input = withOrderId(body.value, pathParameter(event, 'id'));
  if (!input.ok) return input.error;
  return orderResponse(await orderUseCases().cancelOrder.execute(input.value));
});
