module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'core-application',
  rootDir: __dirname,
};
