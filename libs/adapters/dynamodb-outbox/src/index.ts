export * from './lib/table';
export * from './lib/errors';
export * from './lib/dynamodb-outbox-store';
/** @public For code that scans the table itself (a backfill: each scanned aggregate item → a change). */
export { AGGREGATE_ATTRIBUTES, snapshotFromItem } from './lib/read-item';
export * from './lib/scan-aggregates';
