// Test support (not part of the production entry point): realistic order states for tests and benchmarks.
export * from './lib/testing/sample-orders';
