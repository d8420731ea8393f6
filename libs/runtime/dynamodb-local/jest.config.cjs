module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'dynamodb-local',
  rootDir: __dirname,
};
