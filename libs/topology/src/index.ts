export * from './lib/errors';
export * from './lib/topology.types';
export * from './lib/delivery';
export * from './lib/outflow-topology';
export * from './lib/validate-topology';
export * from './lib/aws-prices';
export * from './lib/delivery-cost';
export * from './lib/cloudformation/index';
