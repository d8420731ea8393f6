// Integration specs (`npm run test:int`, never cached): the emulator's HTTP server and OpenSearch's own REST API YAML tests.
module.exports = {
  ...require('../../../jest.int.preset.cjs'),
  displayName: 'opensearch-emulator:int',
  rootDir: __dirname,
};
