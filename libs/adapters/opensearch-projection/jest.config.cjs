module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'opensearch-projection',
  rootDir: __dirname,
};
