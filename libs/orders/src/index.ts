export * from './lib/order-state';
export * from './lib/errors';
export {
  parseOrderDraft,
  totalCentsOf,
  ORDER_LIMITS,
  ORDER_ID_PATTERN,
  type OrderDraft,
} from './lib/domain/order-draft';
export * from './lib/domain/order';
export * from './lib/domain/order-events';
export * from './lib/domain/parse-order-state';
export * from './lib/application/order-result';
export { parseOrderReference, type OrderReference } from './lib/application/parse-order-reference';
export * from './lib/application/create-order.use-case';
export * from './lib/application/confirm-order.use-case';
export * from './lib/application/ship-order.use-case';
export * from './lib/application/cancel-order.use-case';
export * from './lib/application/get-order.use-case';
export { ordersLegacyMapping } from './lib/legacy/orders.legacy-mapping';
