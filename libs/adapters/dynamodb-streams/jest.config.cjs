module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'dynamodb-streams',
  rootDir: __dirname,
};
