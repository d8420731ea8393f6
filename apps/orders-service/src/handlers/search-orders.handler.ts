import { createHttpHandler, jsonResponse, validationResponse } from '@outflow/runtime-lambda';
import { orderSearch } from '../composition-root';
import { parseSearchQuery } from '../http/search-query';

/**
 * GET /orders/search?q=&status=&customerId=&limit=&cursor= — orders from search, newest first:
 * 200 `{"items":[{id,customerId,status,currency,totalCents,createdAt,updatedAt,version}],"nextCursor"?}`
 * (pass `nextCursor` back as `cursor` for the next page); 400 `{"error":"validation","issues":[…]}`
 * naming each bad parameter. Search follows the writes within seconds (search-sync); deleted
 * orders are never returned.
 */
export const handler = createHttpHandler(async (event) => {
  const query = parseSearchQuery(event.queryStringParameters ?? {});
  if (!query.ok) return validationResponse(query.error);
  return jsonResponse(200, await orderSearch().search(query.value));
});
