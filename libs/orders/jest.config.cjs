module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'orders',
  rootDir: __dirname,
};
