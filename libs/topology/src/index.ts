export * from './lib/errors';
export * from './lib/topology.types';
export * from './lib/outflow-topology';
export * from './lib/validate-topology';
export * from './lib/cloudformation/index';
