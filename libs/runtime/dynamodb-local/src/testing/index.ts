// Test helpers of @outflow/dynamodb-local, kept out of its production entry point:
// import from '@outflow/dynamodb-local/testing'.
export * from './read-all-stream-records';
export * from './endpoint';
