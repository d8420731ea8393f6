// Integration specs (`npm run test:int`, never cached): DynamoDB Local started and stopped as a Java process.
module.exports = {
  ...require('../../../jest.int.preset.cjs'),
  displayName: 'dynamodb-local:int',
  rootDir: __dirname,
};
