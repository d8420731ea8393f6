export * from './cfn.types';
export { sourceResources, sourceLogicalIds, type SourceStream } from './source-resources';
export {
  subscriptionResources,
  subscriptionLogicalIds,
  consumerEvent,
  consumerFunction,
} from './subscription-resources';
export { REKEY_INPUT_TEMPLATE, rekeyTargetParameters } from './rekey-pipe';
export { appResources, subscriptionNamed, ResourceGenerationError, type AppInputs } from './app-resources';
