import type { CfnResource } from './cfn.types';
import { ref } from './names';

/**
 * An `AWS::IAM::Role` that only EventBridge Pipes of this account may assume
 * (`aws:SourceAccount`), with one inline policy: exactly `statements`, nothing more.
 */
export function pipesRole(policyName: string, statements: readonly Record<string, unknown>[]): CfnResource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'pipes.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
          },
        ],
      },
      Policies: [{ PolicyName: policyName, PolicyDocument: { Statement: statements } }],
    },
  };
}
