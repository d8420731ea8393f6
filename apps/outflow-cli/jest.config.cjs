const harness = '<rootDir>/../../libs/runtime/dynamodb-local/src/jest';
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'cli',
  rootDir: __dirname,
  testTimeout: 120_000,
  // One in-memory DynamoDB Local per run (needs Java 17+), as OUTFLOW_DYNAMODB_ENDPOINT.
  globalSetup: `${harness}/global-setup.ts`,
  globalTeardown: `${harness}/global-teardown.ts`,
  // Prisma's WebAssembly schema engine keeps a timer alive for ~10 s after it is freed.
  forceExit: true,
};
