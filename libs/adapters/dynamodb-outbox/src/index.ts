export * from './lib/table';
export * from './lib/errors';
export * from './lib/dynamodb-outbox-store';
export { AGGREGATE_ATTRIBUTES, snapshotFromItem } from './lib/read-item';
