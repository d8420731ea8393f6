module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'bench',
  rootDir: __dirname,
  // The benchmark's files sit at the project's root (tools/bench/*.ts), not under src/.
  testMatch: ['<rootDir>/*.spec.ts'],
};
