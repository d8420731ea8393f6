export * from './lib/in-memory-projection-store';
export * from './lib/histories';
export * from './lib/projection-store.contract';
