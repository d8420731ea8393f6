// The integration lane: only *.int.spec.ts, the specs that talk to a process (DynamoDB Local,
// PostgreSQL or PGlite, `serverless package`, child processes, servers on loopback). The
// `test:int` target runs it and is never cached: a replayed result cannot say that the process
// answered. A project with integration specs spreads this into its jest.int.config.cjs (adding
// e.g. the DynamoDB Local globalSetup); one without runs it directly:
//   jest --config ../../jest.int.preset.cjs --rootDir . --passWithNoTests
const unit = require('./jest.preset.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...unit,
  testMatch: ['<rootDir>/src/**/*.int.spec.ts', '<rootDir>/test/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Every test by name, so a log shows what ran against which process, and a skipped lane its reason.
  verbose: true,
};
