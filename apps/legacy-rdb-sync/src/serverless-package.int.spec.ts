import {
  checkGeneratedResources,
  checkTemplate,
  iamStatements,
  onlyResourceOf,
  packageService,
  resourcesOf,
  runCfnLint,
  type PackagedService,
} from '@outflow/deploy-checks';
import { appResources, outflowTopology, subscriptionLogicalIds, subscriptionNamed } from '@outflow/topology';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation properties, read by path
type Props = Record<string, any>;

describe('Deployable: legacy-rdb-sync (serverless package)', () => {
  const subscription = subscriptionNamed(outflowTopology, 'legacy-rdb');
  let packaged: PackagedService;
  // serverless-esbuild's zip staging dirs (`<function>-<pid>-<time>-<hex>`), which it never removes.
  const stagingDirs = () =>
    readdirSync(tmpdir()).filter((name) => /^applyToLegacyDb-\d+-\d+-[0-9a-f]{8}$/.test(name));
  let leftInTmp: string[];

  beforeAll(async () => {
    const before = new Set(stagingDirs());
    // As a new user runs it: `npx serverless package`, no stage (so `dev`), no parameters.
    packaged = await packageService(join(__dirname, '..'));
    leftInTmp = stagingDirs().filter((name) => !before.has(name));
    console.info(`serverless package took ${packaged.seconds.toFixed(1)} s`, packaged.artifacts);
  }, 240_000);
  afterAll(() => rmSync(packaged.dir, { recursive: true, force: true }));

  it('leaves nothing in the temp dir (packaging runs with a TMPDIR of its own, removed after)', () => {
    expect(leftInTmp).toEqual([]);
  });

  it('keeps every deployment rule (DLQs, finite retries, partial batch failures, no * on data services, no plain credentials)', () => {
    expect(checkTemplate(packaged.template)).toEqual([]);
  });

  it('passes cfn-lint without errors', async () => {
    const lint = await runCfnLint(packaged.templatePath);
    console.info(`legacy-rdb-sync: ${lint.summary}`);
    expect(lint.errors).toEqual([]);
  }, 120_000);

  it('holds exactly the generator’s resources and outputs for the app: rule, queues, policy, alarms', () => {
    const generated = appResources(outflowTopology, 'legacy-rdb-sync', {
      service: 'outflow-legacy-rdb-sync',
      stage: 'dev',
      backbone: 'outflow-backbone',
    });
    expect(checkGeneratedResources(packaged.template, generated)).toEqual([]);
  });

  it('consumes the generated FIFO queue with the topology’s batch size, timeout, memory and maximum concurrency 2, reporting partial batch failures', () => {
    const [, mapping] = onlyResourceOf(packaged.template, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [subscriptionLogicalIds(subscription).queue, 'Arn'] },
      BatchSize: subscription.consumer.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    expect(subscription.consumer.maximumConcurrency).toBe(2);
    const [, fn] = onlyResourceOf(packaged.template, 'AWS::Lambda::Function');
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Timeout: subscription.consumer.timeoutSeconds,
      MemorySize: subscription.consumer.memorySize,
      Handler: 'src/handlers/queue-apply.handler.handler',
    });
  });

  const resource = (id: string) => packaged.template.Resources[id]?.Properties as Props;
  const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

  it('lets the consumer read only its FIFO queue (the event source mapping’s permissions) and send only to its DLQ (permanent failures)', () => {
    const sqs = iamStatements(packaged.template).filter(({ statement }) =>
      [statement.Action].flat().some((a) => a.startsWith('sqs:')),
    );
    expect(sqs.map(({ at, statement }) => [at.split('.')[0], statement.Action, statement.Resource])).toEqual([
      ['IamRoleLambdaExecution', ['sqs:SendMessage'], [arn('LegacyRdbDeadLetterQueue')]],
      [
        'IamRoleLambdaExecution',
        ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
        [arn('LegacyRdbQueue')],
      ],
      [
        'LegacyRdbPipeRole',
        ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
        arn('LegacyRdbBufferQueue'),
      ],
      ['LegacyRdbPipeRole', 'sqs:SendMessage', arn('LegacyRdbQueue')],
    ]);
  });

  it('buffers the rule’s events in a standard queue that redrives to its DLQ; only the rule may send there', () => {
    expect(resource('LegacyRdbRule')['Targets']).toEqual([
      expect.objectContaining({
        Arn: arn('LegacyRdbBufferQueue'),
        DeadLetterConfig: { Arn: arn('LegacyRdbRuleDeadLetterQueue') },
      }),
    ]);
    expect(resource('LegacyRdbRule')['Targets'][0]).not.toHaveProperty('SqsParameters');
    expect(resource('LegacyRdbBufferQueue')).not.toHaveProperty('FifoQueue');
    expect(resource('LegacyRdbBufferQueue')['RedrivePolicy']).toEqual({
      deadLetterTargetArn: arn('LegacyRdbBufferDeadLetterQueue'),
      maxReceiveCount: 5,
    });
    expect(resource('LegacyRdbQueuePolicy')).toEqual({
      Queues: [{ Ref: 'LegacyRdbBufferQueue' }, { Ref: 'LegacyRdbRuleDeadLetterQueue' }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: [arn('LegacyRdbBufferQueue'), arn('LegacyRdbRuleDeadLetterQueue')],
            Condition: { ArnEquals: { 'aws:SourceArn': arn('LegacyRdbRule') } },
          },
        ],
      },
    });
  });

  it('re-keys with a Pipe from the buffer queue into a high-throughput FIFO queue: one group per aggregate, dedup by event id', () => {
    const [pipeId, pipe] = onlyResourceOf(packaged.template, 'AWS::Pipes::Pipe');
    expect(pipeId).toBe('LegacyRdbPipe');
    expect(pipe.Properties).toMatchObject({
      Name: 'outflow-legacy-rdb-sync-dev-legacy-rdb-pipe',
      RoleArn: arn('LegacyRdbPipeRole'),
      Source: arn('LegacyRdbBufferQueue'),
      SourceParameters: { SqsQueueParameters: { BatchSize: 10, MaximumBatchingWindowInSeconds: 0 } },
      Target: arn('LegacyRdbQueue'),
      TargetParameters: {
        InputTemplate: '{"detail": <$.body>}',
        SqsQueueParameters: {
          MessageGroupId: '$.body.aggregateKey',
          MessageDeduplicationId: '$.body.eventId',
        },
      },
    });
    expect(resource('LegacyRdbQueue')).toMatchObject({
      FifoQueue: true,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      RedrivePolicy: { deadLetterTargetArn: arn('LegacyRdbDeadLetterQueue'), maxReceiveCount: 5 },
    });
    expect(resource('LegacyRdbPipeRole')['AssumeRolePolicyDocument'].Statement[0].Principal).toEqual({
      Service: 'pipes.amazonaws.com',
    });
  });

  it('alarms on every DLQ’s depth, on both queues’ oldest message, on the lag and on the Pipe’s failures', () => {
    const alarms = resourcesOf(packaged.template, 'AWS::CloudWatch::Alarm').map(
      ([, a]) =>
        [(a.Properties as Props)['MetricName'], (a.Properties as Props)['Dimensions'][0].Value] as const,
    );
    const queueName = (id: string) => ({ 'Fn::GetAtt': [id, 'QueueName'] });
    const depth = 'ApproximateNumberOfMessagesVisible';
    expect(alarms).toEqual(
      expect.arrayContaining([
        [depth, queueName('LegacyRdbDeadLetterQueue')],
        [depth, queueName('LegacyRdbRuleDeadLetterQueue')],
        [depth, queueName('LegacyRdbBufferDeadLetterQueue')],
        ['ApproximateAgeOfOldestMessage', queueName('LegacyRdbQueue')],
        ['ApproximateAgeOfOldestMessage', queueName('LegacyRdbBufferQueue')],
        ['ExecutionFailed', { Ref: 'LegacyRdbPipe' }],
        // The consumer's lag metric (EMF, namespace Outflow, dimension service = the subscription).
        ['ChangeAge', 'legacy-rdb'],
      ]),
    );
    const dlqs = resourcesOf(packaged.template, 'AWS::SQS::Queue')
      .map(([id]) => id)
      .filter((id) => id.endsWith('DeadLetterQueue'));
    expect(dlqs.sort()).toEqual([
      'LegacyRdbBufferDeadLetterQueue',
      'LegacyRdbDeadLetterQueue',
      'LegacyRdbRuleDeadLetterQueue',
    ]);
    expect(alarms).toHaveLength(7);
  });

  it('reads database credentials from Secrets Manager by ARN, allowed on that one secret only, and runs in the given VPC', () => {
    const [, fn] = onlyResourceOf(packaged.template, 'AWS::Lambda::Function');
    const variables = (fn.Properties as Props)['Environment'].Variables as Record<string, unknown>;
    expect(Object.keys(variables).sort()).toEqual([
      'LEGACY_DB_SECRET_ARN',
      'LOG_LEVEL',
      'OUTFLOW_DEAD_LETTER_QUEUE_URL',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
    ]);
    // The lag metric's namespace and service dimension, as the generated alarm reads them.
    expect(variables['POWERTOOLS_SERVICE_NAME']).toBe('legacy-rdb');
    expect(variables['POWERTOOLS_METRICS_NAMESPACE']).toBe('Outflow');
    // Where the handler sends a permanent failure at once (the generated FIFO DLQ).
    expect(variables['OUTFLOW_DEAD_LETTER_QUEUE_URL']).toEqual({ Ref: 'LegacyRdbDeadLetterQueue' });
    expect(variables['LEGACY_DB_SECRET_ARN']).toMatch(/^arn:aws:secretsmanager:/);
    const secretStatements = iamStatements(packaged.template).filter(({ statement }) =>
      [statement.Action].flat().some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secretStatements.map(({ statement }) => [statement.Action, statement.Resource])).toEqual([
      [['secretsmanager:GetSecretValue'], variables['LEGACY_DB_SECRET_ARN']],
    ]);
    // The packaging placeholders of `params.default`; a deploy passes real ones with --param.
    expect((fn.Properties as Props)['VpcConfig']).toEqual({
      SubnetIds: { 'Fn::Split': [',', 'subnet-00000000000000001,subnet-00000000000000002'] },
      SecurityGroupIds: { 'Fn::Split': [',', 'sg-00000000000000001'] },
    });
  });

  it('ships one bundle for the consumer', () => {
    expect(Object.keys(packaged.artifacts)).toEqual(['applyToLegacyDb.zip']);
  });
});
