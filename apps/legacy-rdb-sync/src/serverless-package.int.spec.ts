import {
  checkTemplate,
  iamStatements,
  onlyResourceOf,
  packageService,
  resourcesOf,
  type PackagedService,
} from '@outflow/deploy-checks';
import { outflowTopology } from '@outflow/topology';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const backboneImport = (output: string) => ({ 'Fn::ImportValue': `outflow-backbone-ci-${output}` });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties, read by path
type Props = Record<string, any>;

describe('Deployable: legacy-rdb-sync (serverless package)', () => {
  const subscription = outflowTopology.subscriptions.find((s) => s.app === 'legacy-rdb-sync')!;
  let packaged: PackagedService;
  const props = (id: string): Props => packaged.template.Resources[id]?.Properties as Props;

  beforeAll(async () => {
    packaged = await packageService(join(__dirname, '..'));
    console.info(`serverless package took ${packaged.seconds.toFixed(1)} s`, packaged.artifacts);
  }, 240_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  it('keeps every deployment rule (DLQs, finite retries, partial batch failures, no * on data services, no plain credentials)', () => {
    expect(checkTemplate(packaged.template)).toEqual([]);
  });

  it('subscribes with the topology’s rule on the backbone’s bus: its pattern, the detail only, finite retries, a DLQ', () => {
    const [, rule] = onlyResourceOf(packaged.template, 'AWS::Events::Rule');
    expect(rule.Properties).toMatchObject({
      EventBusName: backboneImport('BusName'),
      EventPattern: subscription.rule.eventPattern,
      State: 'ENABLED',
    });
    expect((rule.Properties as Props)['Targets']).toEqual([
      {
        Id: 'legacy-rdb-queue',
        Arn: arnOf('LegacyRdbQueue'),
        InputPath: subscription.rule.inputPath,
        SqsParameters: { MessageGroupId: subscription.rule.messageGroupId },
        RetryPolicy: {
          MaximumRetryAttempts: subscription.rule.maximumRetryAttempts,
          MaximumEventAgeInSeconds: subscription.rule.maximumEventAgeInSeconds,
        },
        DeadLetterConfig: { Arn: arnOf('LegacyRdbRuleDeadLetterQueue') },
      },
    ]);
  });

  it('queues into a FIFO queue as the topology says, with a FIFO DLQ after maxReceiveCount', () => {
    expect(props('LegacyRdbQueue')).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: subscription.queue.contentBasedDeduplication,
      VisibilityTimeout: subscription.queue.visibilityTimeoutSeconds,
      MessageRetentionPeriod: subscription.queue.messageRetentionSeconds,
      RedrivePolicy: {
        deadLetterTargetArn: arnOf('LegacyRdbDeadLetterQueue'),
        maxReceiveCount: subscription.queue.maxReceiveCount,
      },
    });
    expect(props('LegacyRdbDeadLetterQueue')).toMatchObject({ FifoQueue: true });
    // EventBridge rule DLQs must be standard queues.
    expect(props('LegacyRdbRuleDeadLetterQueue')['FifoQueue']).toBeUndefined();
  });

  it('lets only its rule send to the queue and the rule’s DLQ', () => {
    const [, policy] = onlyResourceOf(packaged.template, 'AWS::SQS::QueuePolicy');
    expect((policy.Properties as Props)['PolicyDocument'].Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: [arnOf('LegacyRdbQueue'), arnOf('LegacyRdbRuleDeadLetterQueue')],
        Condition: { ArnEquals: { 'aws:SourceArn': arnOf('LegacyRdbRule') } },
      },
    ]);
  });

  it('consumes the queue with the topology’s batch size and timeout, reporting partial batch failures', () => {
    const [, mapping] = onlyResourceOf(packaged.template, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: arnOf('LegacyRdbQueue'),
      BatchSize: subscription.consumer.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const [, fn] = onlyResourceOf(packaged.template, 'AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Timeout: subscription.consumer.timeoutSeconds,
      MemorySize: subscription.consumer.memorySize,
      Handler: 'src/handlers/queue-apply.handler.handler',
    });
  });

  it('reads database credentials from Secrets Manager by ARN, allowed on that one secret only, and runs in the given VPC', () => {
    const [, fn] = onlyResourceOf(packaged.template, 'AWS::Lambda::Function');
    const variables = (fn.Properties as Props)['Environment'].Variables as Record<string, unknown>;
    expect(Object.keys(variables).sort()).toEqual(['LEGACY_DB_SECRET_ARN', 'LOG_LEVEL']);
    expect(variables['LEGACY_DB_SECRET_ARN']).toMatch(/^arn:aws:secretsmanager:/);
    const secretStatements = iamStatements(packaged.template).filter(({ statement }) =>
      [statement.Action].flat().some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secretStatements.map(({ statement }) => [statement.Action, statement.Resource])).toEqual([
      [['secretsmanager:GetSecretValue'], variables['LEGACY_DB_SECRET_ARN']],
    ]);
    expect((fn.Properties as Props)['VpcConfig']).toEqual({
      SubnetIds: { 'Fn::Split': [',', 'subnet-00000000000000001,subnet-00000000000000002'] },
      SecurityGroupIds: { 'Fn::Split': [',', 'sg-00000000000000001'] },
    });
  });

  it('alarms to the backbone’s topic on the topology’s thresholds: oldest message age, DLQ depth (queue and rule)', () => {
    const alarms = resourcesOf(packaged.template, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties as Props,
    );
    expect(alarms.map((a) => [a['MetricName'], a['Dimensions'][0].Value, a['Threshold']])).toEqual([
      [
        'ApproximateAgeOfOldestMessage',
        { 'Fn::GetAtt': ['LegacyRdbQueue', 'QueueName'] },
        subscription.alarms.oldestMessageAgeSeconds,
      ],
      [
        'ApproximateNumberOfMessagesVisible',
        { 'Fn::GetAtt': ['LegacyRdbDeadLetterQueue', 'QueueName'] },
        subscription.alarms.dlqDepthAbove,
      ],
      [
        'ApproximateNumberOfMessagesVisible',
        { 'Fn::GetAtt': ['LegacyRdbRuleDeadLetterQueue', 'QueueName'] },
        subscription.alarms.dlqDepthAbove,
      ],
    ]);
    for (const alarm of alarms)
      expect(alarm).toMatchObject({
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [backboneImport('AlarmTopicArn')],
      });
  });

  it('ships one bundle for the consumer', () => {
    expect(Object.keys(packaged.artifacts)).toEqual(['applyToLegacyDb.zip']);
  });
});
