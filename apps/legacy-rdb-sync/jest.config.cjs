module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'legacy-rdb-sync',
  rootDir: __dirname,
};
