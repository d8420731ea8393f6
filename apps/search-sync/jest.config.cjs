module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'search-sync',
  rootDir: __dirname,
};
