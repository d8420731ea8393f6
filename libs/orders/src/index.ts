export * from './lib/order-state';
export * from './lib/errors';
/** @public The one set of order limits every layer applies (README, "Limits"). */
export { ORDER_LIMITS } from './lib/domain/order-limits';
export * from './lib/domain/order';
export * from './lib/domain/order-events';
export * from './lib/domain/parse-order-state';
export { parseOrderId } from './lib/domain/order-draft';
export * from './lib/application/order-result';
export * from './lib/application/create-order.use-case';
export * from './lib/application/confirm-order.use-case';
export * from './lib/application/ship-order.use-case';
export * from './lib/application/cancel-order.use-case';
export * from './lib/application/get-order.use-case';
export * from './lib/application/delete-order.use-case';
export { ordersLegacyMapping } from './lib/legacy/orders.legacy-mapping';
export { ordersSearchMapping } from './lib/search/orders.search-mapping';
export * from './lib/views/orders.view-definition';
export * from './lib/application/order-views.use-case';
