module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'views-sync',
  rootDir: __dirname,
};
