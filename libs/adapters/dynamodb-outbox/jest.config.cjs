module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'dynamodb-outbox',
  rootDir: __dirname,
};
