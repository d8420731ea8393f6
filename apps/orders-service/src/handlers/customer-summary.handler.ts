import { createHttpHandler, jsonResponse, pathParameter, validationResponse } from '@outflow/runtime-lambda';
import { orderViews } from '../composition-root';

/**
 * GET /customers/{id}/summary — the customer's orders by status from the views table:
 * 200 `{"customerId","orders","byStatus":{"created":{"count","totalCents":{"EUR":…}},…}}` (every
 * status listed; cancelled orders count under `cancelled`, deleted ones nowhere; totals per
 * currency in minor units); 400 naming a bad id. Follows the writes within seconds (views-sync).
 */
export const handler = createHttpHandler(async (event) => {
  const summary = await orderViews().customerSummary.execute({ customerId: pathParameter(event, 'id') });
  if (!summary.ok) return validationResponse(summary.error);
  return jsonResponse(200, summary.value);
});
