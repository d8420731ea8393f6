module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'runtime-local',
  rootDir: __dirname,
};
