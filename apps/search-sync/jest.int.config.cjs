// Integration specs (`npm run test:int`, never cached): the local entry against the emulator,
// and `serverless package` with the deploy checks and cfn-lint.
module.exports = {
  ...require('../../jest.int.preset.cjs'),
  displayName: 'search-sync:int',
  rootDir: __dirname,
  testTimeout: 60_000,
};
