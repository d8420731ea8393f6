export * from './cfn.types';
export { sourceResources, sourceLogicalIds, type SourceStream } from './source-resources';
export { subscriptionResources, subscriptionLogicalIds, consumerEvent } from './subscription-resources';
export { appResources, subscriptionNamed, ResourceGenerationError, type AppInputs } from './app-resources';
