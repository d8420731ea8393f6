// Integration specs (`npm run test:int`, never cached): the local entry against DynamoDB Local,
// and `serverless package` with the deploy checks and cfn-lint.
const harness = '<rootDir>/../../libs/runtime/dynamodb-local/src/jest';
module.exports = {
  ...require('../../jest.int.preset.cjs'),
  displayName: 'views-sync:int',
  rootDir: __dirname,
  testTimeout: 60_000,
  globalSetup: `${harness}/global-setup.ts`,
  globalTeardown: `${harness}/global-teardown.ts`,
};
