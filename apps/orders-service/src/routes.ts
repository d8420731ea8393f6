import type { HttpApiRoute } from '@outflow/runtime-local';
import { handler as cancelOrder } from './handlers/cancel-order.handler';
import { handler as confirmOrder } from './handlers/confirm-order.handler';
import { handler as createOrder } from './handlers/create-order.handler';
import { handler as customerSummary } from './handlers/customer-summary.handler';
import { handler as deleteOrder } from './handlers/delete-order.handler';
import { handler as getOrder } from './handlers/get-order.handler';
import { handler as ordersByStatus } from './handlers/orders-by-status.handler';
import { handler as searchOrders } from './handlers/search-orders.handler';
import { handler as shipOrder } from './handlers/ship-order.handler';

/**
 * The HTTP API of orders-service for local serving (`serveHttpApi`). `name` is the function's
 * name in serverless.ts; a test checks both list the same method, path and handler file.
 */
export const routes: readonly (HttpApiRoute & { readonly name: string; readonly file: string })[] = [
  {
    name: 'createOrder',
    method: 'POST',
    path: '/orders',
    handler: createOrder,
    file: 'src/handlers/create-order.handler',
  },
  {
    name: 'searchOrders',
    method: 'GET',
    path: '/orders/search',
    handler: searchOrders,
    file: 'src/handlers/search-orders.handler',
  },
  {
    name: 'getOrder',
    method: 'GET',
    path: '/orders/{id}',
    handler: getOrder,
    file: 'src/handlers/get-order.handler',
  },
  {
    name: 'confirmOrder',
    method: 'POST',
    path: '/orders/{id}/confirm',
    handler: confirmOrder,
    file: 'src/handlers/confirm-order.handler',
  },
  {
    name: 'shipOrder',
    method: 'POST',
    path: '/orders/{id}/ship',
    handler: shipOrder,
    file: 'src/handlers/ship-order.handler',
  },
  {
    name: 'cancelOrder',
    method: 'POST',
    path: '/orders/{id}/cancel',
    handler: cancelOrder,
    file: 'src/handlers/cancel-order.handler',
  },
  {
    name: 'deleteOrder',
    method: 'DELETE',
    path: '/orders/{id}',
    handler: deleteOrder,
    file: 'src/handlers/delete-order.handler',
  },
  {
    name: 'customerSummary',
    method: 'GET',
    path: '/customers/{id}/summary',
    handler: customerSummary,
    file: 'src/handlers/customer-summary.handler',
  },
  {
    name: 'ordersByStatus',
    method: 'GET',
    path: '/stats/orders-by-status',
    handler: ordersByStatus,
    file: 'src/handlers/orders-by-status.handler',
  },
];
