export * from './lib/in-memory-projection-store';
export * from './lib/histories';
export * from './lib/projection-store.contract';
export * from './lib/in-memory-outbox-store';
export * from './lib/outbox-store.contract';
export * from './lib/factories';
export * from './lib/in-memory-order-search';
export * from './lib/order-search.contract';
