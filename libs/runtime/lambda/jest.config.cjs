module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'runtime-lambda',
  rootDir: __dirname,
};
