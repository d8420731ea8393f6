export * from './lib/dynamodb-views-store';
export * from './lib/view-reader';
export * from './lib/errors';
export { ensureViewsTable, viewsTableDefinition, VIEWS_ATTRIBUTES, LEDGER_INDEX } from './lib/table';
export { rowDeltas } from './lib/transaction';
