import { appResources, outflowTopology, type GeneratedResources, type StackNames } from '@outflow/topology';
import { checkGeneratedResources } from './generated-resources';
import type { CfnTemplate } from './package-service';
import { checkTemplate } from './template-checks';

const names: StackNames = { service: 'svc', stage: 'test', backbone: 'outflow-backbone' };
const streams = { orders: { streamArn: { 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] } } };
const apps = [...new Set([...outflowTopology.sources, ...outflowTopology.subscriptions].map((e) => e.app))];
const generatedFor = (app: string) => appResources(outflowTopology, app, names, { streams });

/** A packaged-looking template: the generated resources plus what osls and the app add. */
const packagedWith = (generated: GeneratedResources): CfnTemplate =>
  JSON.parse(
    JSON.stringify({
      Resources: {
        ...generated.Resources,
        ServerlessDeploymentBucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      },
      Outputs: { ...generated.Outputs, ServerlessDeploymentBucketName: { Value: 'x' } },
    }),
  ) as CfnTemplate;

describe('Generated resources', () => {
  it.each(apps)('keep every deployment rule for %s (DLQs, finite retries, scoped IAM)', (app) => {
    expect(checkTemplate(packagedWith(generatedFor(app)))).toEqual([]);
  });

  describe('Method: checkGeneratedResources', () => {
    const generated = generatedFor('legacy-rdb-sync');

    it('finds nothing when the template holds exactly the generated resources and outputs', () => {
      expect(checkGeneratedResources(packagedWith(generated), generated)).toEqual([]);
    });

    it('finds a generated resource that is missing, changed, or an output that differs', () => {
      const template = packagedWith(generated) as {
        Resources: Record<string, unknown>;
        Outputs: Record<string, unknown>;
      };
      delete template.Resources['LegacyRdbQueuePolicy'];
      (template.Resources['LegacyRdbQueue'] as { Properties: Record<string, unknown> }).Properties[
        'VisibilityTimeout'
      ] = 30;
      template.Outputs['LegacyRdbQueueUrl'] = { Value: 'x' };
      expect(checkGeneratedResources(template as unknown as CfnTemplate, generated)).toEqual([
        { at: 'LegacyRdbQueue', message: "differs from the generator's AWS::SQS::Queue" },
        { at: 'LegacyRdbQueuePolicy', message: "the generator's AWS::SQS::QueuePolicy is missing" },
        { at: 'Outputs.LegacyRdbQueueUrl', message: "missing or differs from the generator's output" },
      ]);
    });

    it('finds a rule, queue, policy, alarm or Pipe the app declared itself', () => {
      const template = packagedWith(generated) as { Resources: Record<string, unknown> };
      template.Resources['HandMadeQueue'] = { Type: 'AWS::SQS::Queue', Properties: {} };
      template.Resources['HandMadeAlarm'] = { Type: 'AWS::CloudWatch::Alarm', Properties: {} };
      expect(checkGeneratedResources(template as unknown as CfnTemplate, generated).map((i) => i.at)).toEqual(
        ['HandMadeQueue', 'HandMadeAlarm'],
      );
    });
  });
});
