module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'topology',
  rootDir: __dirname,
};
