export * from './lib/projection-store.port';
export * from './lib/outbox-store.port';
export * from './lib/clock.port';
export * from './lib/id-generator.port';
export * from './lib/apply-changes.use-case';
export * from './lib/legacy-mapping';
export * from './lib/backoff';
export * from './lib/projection-hash';
