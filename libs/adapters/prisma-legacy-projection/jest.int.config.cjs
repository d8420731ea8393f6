// Integration specs (`npm run test:int`, never cached), two database lanes: PGlite always; the
// PostgreSQL server when DATABASE_URL names one (skipped, saying why, when it does not).
module.exports = {
  ...require('../../../jest.int.preset.cjs'),
  displayName: 'prisma-legacy-projection:int',
  rootDir: __dirname,
  testTimeout: 60_000,
};
