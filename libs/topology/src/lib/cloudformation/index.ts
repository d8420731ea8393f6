export * from './cfn.types';
/** @internal For specs that find a source's resources in a packaged template. */
export { sourceLogicalIds } from './source-resources';
export { consumerEnvironment, consumerFunction } from './subscription-resources';
/** @internal For specs that find a subscription's resources in a packaged template. */
export { subscriptionLogicalIds } from './subscription-ids';
export { appResources, subscriptionNamed } from './app-resources';
