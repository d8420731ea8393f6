// Integration specs (`npm run test:int`, never cached): the outflow bin, `npm start` and the pipeline e2e.
const harness = '<rootDir>/../../libs/runtime/dynamodb-local/src/jest';
module.exports = {
  ...require('../../jest.int.preset.cjs'),
  displayName: 'cli:int',
  rootDir: __dirname,
  testTimeout: 120_000,
  // One in-memory DynamoDB Local per run (needs Java 17+), as OUTFLOW_DYNAMODB_ENDPOINT.
  globalSetup: `${harness}/global-setup.ts`,
  globalTeardown: `${harness}/global-teardown.ts`,
};
