// Integration specs (`npm run test:int`, never cached): the handler on PGlite, `serverless package`,
// and the packaged bundle on the PostgreSQL server (skipped, saying why, when DATABASE_URL is unset).
module.exports = {
  ...require('../../jest.int.preset.cjs'),
  displayName: 'legacy-rdb-sync:int',
  rootDir: __dirname,
  testTimeout: 60_000,
};
