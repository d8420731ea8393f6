module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'legacy-rdb-sync',
  rootDir: __dirname,
  testTimeout: 60_000,
  // Prisma's WebAssembly schema engine keeps a timer alive for ~10 s after it is freed.
  forceExit: true,
};
