export * from './lib/errors';
export * from './lib/java';
export * from './lib/dynamodb-local';
export * from './lib/tables';
export * from './lib/to-lambda-shape';
