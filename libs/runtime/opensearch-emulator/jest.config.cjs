module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'opensearch-emulator',
  rootDir: __dirname,
};
