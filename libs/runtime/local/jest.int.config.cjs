// Integration specs (`npm run test:int`, never cached): the HTTP API served on loopback.
module.exports = {
  ...require('../../../jest.int.preset.cjs'),
  displayName: 'runtime-local:int',
  rootDir: __dirname,
};
