export * from './lib/dynamodb-views-store';
export * from './lib/view-reader';
export * from './lib/errors';
export { ensureViewsTable, viewsTableDefinition } from './lib/table';
/** @internal The views benchmark's raw lane writes the same counters without the ledger. */
export { rowDeltas } from './lib/transaction';
