import { createHttpHandler, jsonResponse } from '@outflow/runtime-lambda';
import { orderViews } from '../composition-root';

/**
 * GET /stats/orders-by-status — all orders not deleted, counted by status, from the views table:
 * 200 `{"orders":12,"byStatus":{"created":3,"confirmed":4,"shipped":2,"cancelled":3}}`. Follows
 * the writes within seconds (views-sync).
 */
export const handler = createHttpHandler(async () =>
  jsonResponse(200, await orderViews().ordersByStatus.execute()),
);
