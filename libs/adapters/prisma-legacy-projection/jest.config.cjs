module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'prisma-legacy-projection',
  rootDir: __dirname,
};
