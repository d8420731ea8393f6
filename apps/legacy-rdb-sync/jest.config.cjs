// The packaged-bundle test needs a PostgreSQL server (the bundle is what Lambda runs, and Lambda
// never runs the embedded PGlite); it runs when DATABASE_URL names one (CI sets it).
const serverLane = Boolean(process.env.DATABASE_URL);
if (!serverLane) {
  console.warn(
    '[legacy-rdb-sync] packaged-bundle test on PostgreSQL SKIPPED: DATABASE_URL is not set. ' +
      'Run it with DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm test (CI does).',
  );
}

module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'legacy-rdb-sync',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', ...(serverLane ? [] : ['\\.postgres\\.int\\.spec\\.ts$'])],
  testTimeout: 60_000,
  // Prisma's WebAssembly schema engine keeps a timer alive for ~10 s after it is freed.
  forceExit: true,
};
