// Shared Jest settings: SWC turns TypeScript (and the ESM-only packages below) into CommonJS,
// and tsconfig.base.json paths become module aliases so tests run against library sources.
// This preset is the unit lane (the cacheable `test` target): every *.spec.ts except the
// integration specs (*.int.spec.ts), which jest.int.preset.cjs runs (the uncached `test:int`).
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace('*', '(.*)')}$`] = path.join(__dirname, target.replace('*', '$1'));
}

// ESM-only dependencies that Jest must transform (inversify 8 and its parts).
const esmOnly = ['inversify', '@inversifyjs', 'reflect-metadata', '@prisma/schema-engine-wasm'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
  // LOG_LEVEL=silent unless OUTFLOW_TEST_LOGS=1: test output stays quiet unless a test fails.
  setupFiles: [path.join(__dirname, 'tools/jest/quiet-logs.cjs')],
  coverageReporters: ['text-summary', 'text'],
  // The default output, plus the names of skipped test groups (a skipped lane says why).
  reporters: ['default', path.join(__dirname, 'tools/jest/skipped-tests-reporter.cjs')],
};
