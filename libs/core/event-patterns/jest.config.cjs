module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'event-patterns',
  rootDir: __dirname,
};
