// `@outflow/prisma-legacy-projection/testing`: the legacy projection test suite (run per database
// lane), fresh migrated test databases and sample orders. For specs and benchmarks only.
export * from './lib/testing/legacy-projection.suite';
export * from './lib/testing/test-database';
export * from './lib/testing/time-and-versions.suite';
