export * from './lib/table';
export * from './lib/errors';
export * from './lib/dynamodb-outbox-store';
export * from './lib/scan-aggregates';
