// Integration specs (`npm run test:int`, never cached): against DynamoDB Local.
const harness = '<rootDir>/../../runtime/dynamodb-local/src/jest';
module.exports = {
  ...require('../../../jest.int.preset.cjs'),
  displayName: 'dynamodb-views:int',
  rootDir: __dirname,
  // One in-memory DynamoDB Local per run (needs Java 17+), as OUTFLOW_DYNAMODB_ENDPOINT.
  globalSetup: `${harness}/global-setup.ts`,
  globalTeardown: `${harness}/global-teardown.ts`,
};
