// Two database lanes: PGlite always; the PostgreSQL server when DATABASE_URL names one.
const serverLane = Boolean(process.env.DATABASE_URL);
if (!serverLane) {
  console.warn(
    '[prisma-legacy-projection] PostgreSQL server lane SKIPPED: DATABASE_URL is not set. ' +
      'Run it with DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npm test (CI does). The PGlite lane runs.',
  );
}

module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'prisma-legacy-projection',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', ...(serverLane ? [] : ['\\.postgres\\.int\\.spec\\.ts$'])],
  testTimeout: 60_000,
  // Prisma's WebAssembly schema engine keeps a timer alive for ~10 s after it is freed.
  forceExit: true,
};
