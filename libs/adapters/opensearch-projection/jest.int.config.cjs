// Integration specs (`npm run test:int`, never cached), two lanes: the local OpenSearch emulator
// always; a real cluster when OPENSEARCH_URL names one (skipped, saying why, when it does not).
module.exports = {
  ...require('../../../jest.int.preset.cjs'),
  displayName: 'opensearch-projection:int',
  rootDir: __dirname,
  testTimeout: 60_000,
};
