export * from './cfn.types';
/** Logical ids of a source's resources (and the `<Source>TableName` export operator commands read). */
export { sourceLogicalIds } from './source-resources';
export { consumerEnvironment, consumerFunction, consumerIamStatements } from './subscription-resources';
/** Logical ids of a subscription's resources: its exports are `<service>-<stage>-<id><Url|Arn|Name>`. */
export { subscriptionLogicalIds } from './subscription-ids';
export { appResources, subscriptionNamed } from './app-resources';
