// Integration specs (`npm run test:int`, never cached): the backbone packaged with `serverless package`.
module.exports = {
  ...require('../../jest.int.preset.cjs'),
  displayName: 'deploy-checks:int',
  rootDir: __dirname,
};
