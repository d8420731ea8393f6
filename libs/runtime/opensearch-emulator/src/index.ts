export { startOpenSearchEmulator } from './lib/server';
export type { OpenSearchEmulator, OpenSearchEmulatorOptions } from './lib/server';
export { Faults } from './lib/faults';
