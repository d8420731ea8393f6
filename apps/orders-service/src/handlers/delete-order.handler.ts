import { createHttpHandler, pathParameter, readJsonBody } from '@outflow/runtime-lambda';
import { orderUseCases } from '../composition-root';
import { deletionResponse, withOrderId } from '../http/order-response';

/**
 * DELETE /orders/{id} — deletes the order: its tombstone and `order.deleted` event at version + 1,
 * one write through the outbox store. Optional body `{ "expectedVersion": n }`. 200
 * `{ orderId, deleted: true, version }`; 404 for an unknown order; 410 `gone` for one already deleted.
 */
export const handler = createHttpHandler(async (event) => {
  const body = readJsonBody(event);
  if (!body.ok) return body.error;
  const input = withOrderId(body.value, pathParameter(event, 'id'));
  if (!input.ok) return input.error;
  return deletionResponse(await orderUseCases().deleteOrder.execute(input.value));
});
