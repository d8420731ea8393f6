export * from './lib/errors';
export * from './lib/options';
export * from './lib/opensearch-projection';
export * from './lib/client-factory';
export * from './lib/opensearch-order-search';
