export * from './lib/errors';
export * from './lib/legacy-database';
export * from './lib/migrations/migrations';
export * from './lib/mapping/legacy-mapping';
export * from './lib/mapping/orders.mapping';
export * from './lib/prisma-legacy-projection';
export { isDataError, refusalReason } from './lib/database-errors';
export * from './lib/testing/test-database';
export * from './lib/testing/sample-orders';
