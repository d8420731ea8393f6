module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'dynamodb-views',
  rootDir: __dirname,
};
