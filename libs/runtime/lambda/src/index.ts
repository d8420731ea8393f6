export * from './lib/errors';
export * from './lib/logger';
export * from './lib/batch-item-failures';
export * from './lib/sqs-apply.handler';
export * from './lib/http';
export * from './lib/operator-store';
export * from './lib/dead-letters';
