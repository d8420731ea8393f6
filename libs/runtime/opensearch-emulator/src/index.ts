// A local OpenSearch emulator for tests and `npm start`: see README.md for what it emulates.
export { startOpenSearchEmulator } from './lib/server';
export type { OpenSearchEmulator, OpenSearchEmulatorOptions } from './lib/server';
export type { Faults } from './lib/faults';
