import { outflowTopology, subscription } from '../outflow-topology';
import type { StackNames } from './cfn.types';
import { subscriptionLogicalIds } from './subscription-ids';
import {
  consumerEnvironment,
  consumerEvent,
  consumerFunction,
  consumerIamStatements,
  subscriptionResources,
} from './subscription-resources';

const names: StackNames = { service: 'outflow-legacy-rdb-sync', stage: 'test', backbone: 'outflow-backbone' };
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const backbone = (output: string) => ({ 'Fn::ImportValue': `outflow-backbone-test-${output}` });
const legacyRdb = outflowTopology.subscriptions[0]!;
const unordered = subscription('legacy-rdb', 'legacy-rdb-sync', ['order'], {
  delivery: 'unordered',
  description: 'the legacy relational database',
});
type Props = Record<string, unknown>;
const props = (resources: Record<string, { Properties: Props }>, id: string) => resources[id]?.Properties;

describe('CloudFormation: subscriptionResources, per-aggregate (legacy-rdb)', () => {
  const { Resources, Outputs } = subscriptionResources(legacyRdb, names);

  it('names every resource after the subscription, keyed by stable logical ids', () => {
    expect(Object.keys(Resources)).toEqual([
      'LegacyRdbRule',
      'LegacyRdbBufferQueue',
      'LegacyRdbBufferDeadLetterQueue',
      'LegacyRdbQueue',
      'LegacyRdbDeadLetterQueue',
      'LegacyRdbRuleDeadLetterQueue',
      'LegacyRdbPipe',
      'LegacyRdbPipeRole',
      'LegacyRdbQueuePolicy',
      'LegacyRdbQueueAgeAlarm',
      'LegacyRdbDeadLetterAlarm',
      'LegacyRdbRuleDeadLetterAlarm',
      'LegacyRdbChangeAgeAlarm',
      'LegacyRdbBufferQueueAgeAlarm',
      'LegacyRdbBufferDeadLetterAlarm',
      'LegacyRdbPipeFailureAlarm',
    ]);
    expect(Object.keys(Resources).sort()).toEqual(Object.values(subscriptionLogicalIds(legacyRdb)).sort());
  });

  it('sends the detail to the standard buffer queue with finite retries and a DLQ, and no message group', () => {
    expect(props(Resources, 'LegacyRdbRule')).toEqual({
      Name: 'outflow-legacy-rdb-sync-test-legacy-rdb',
      Description: 'Outflow changes the legacy relational database needs',
      EventBusName: backbone('BusName'),
      EventPattern: { source: ['outflow.order'] },
      State: 'ENABLED',
      Targets: [
        {
          Id: 'legacy-rdb-buffer',
          Arn: arn('LegacyRdbBufferQueue'),
          InputPath: '$.detail',
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
          DeadLetterConfig: { Arn: arn('LegacyRdbRuleDeadLetterQueue') },
        },
      ],
    });
  });

  it('buffers in a standard queue whose redrive policy is the Pipe’s only DLQ path', () => {
    expect(props(Resources, 'LegacyRdbBufferQueue')).toEqual({
      QueueName: 'outflow-legacy-rdb-sync-test-legacy-rdb-buffer',
      VisibilityTimeout: 60,
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arn('LegacyRdbBufferDeadLetterQueue'), maxReceiveCount: 5 },
    });
    expect(props(Resources, 'LegacyRdbBufferDeadLetterQueue')).toEqual({
      QueueName: 'outflow-legacy-rdb-sync-test-legacy-rdb-buffer-dlq',
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
  });

  it('re-keys with a Pipe: buffer → FIFO queue, group = $.body.aggregateKey, dedup id = $.body.eventId, no DLQ setting', () => {
    expect(props(Resources, 'LegacyRdbPipe')).toEqual({
      Name: 'outflow-legacy-rdb-sync-test-legacy-rdb-pipe',
      Description:
        'Re-keys changes for the legacy relational database into one FIFO message group per aggregate',
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
  });

  it('gives the Pipe a role that may only read the buffer queue and send to the FIFO queue', () => {
    expect(props(Resources, 'LegacyRdbPipeRole')).toEqual({
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'pipes.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
      Policies: [
        {
          PolicyName: 'read-buffer-send-to-fifo',
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
                Resource: arn('LegacyRdbBufferQueue'),
              },
              { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn('LegacyRdbQueue') },
            ],
          },
        },
      ],
    });
  });

  it('feeds the consumer from a high-throughput FIFO queue with a FIFO DLQ; the rule’s DLQ is standard', () => {
    expect(props(Resources, 'LegacyRdbQueue')).toEqual({
      QueueName: 'outflow-legacy-rdb-sync-test-legacy-rdb.fifo',
      FifoQueue: true,
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      VisibilityTimeout: 180,
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arn('LegacyRdbDeadLetterQueue'), maxReceiveCount: 5 },
    });
    expect(props(Resources, 'LegacyRdbDeadLetterQueue')).toEqual({
      QueueName: 'outflow-legacy-rdb-sync-test-legacy-rdb-dlq.fifo',
      FifoQueue: true,
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
    expect(props(Resources, 'LegacyRdbRuleDeadLetterQueue')).toEqual({
      QueueName: 'outflow-legacy-rdb-sync-test-legacy-rdb-rule-dlq',
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
  });

  it('lets only its rule send, to the buffer queue and to the rule’s DLQ', () => {
    expect(props(Resources, 'LegacyRdbQueuePolicy')).toEqual({
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

  it('alarms on both queues’ oldest message, on all three DLQs, on the lag and on the Pipe’s failed executions', () => {
    const alarms = Object.entries(Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
    const watched = alarms.map(([, a]) => {
      const p = a.Properties as Props;
      const [dimension] = p['Dimensions'] as { Name: string; Value: unknown }[];
      return [p['AlarmName'], p['Namespace'], p['MetricName'], dimension?.Value, p['Threshold']];
    });
    const queueName = (id: string) => ({ 'Fn::GetAtt': [id, 'QueueName'] });
    const at = 'outflow-legacy-rdb-sync-test-legacy-rdb';
    expect(watched).toEqual([
      [`${at}-falling-behind`, 'AWS/SQS', 'ApproximateAgeOfOldestMessage', queueName('LegacyRdbQueue'), 300],
      [
        `${at}-dlq-not-empty`,
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        queueName('LegacyRdbDeadLetterQueue'),
        0,
      ],
      [
        `${at}-rule-dlq-not-empty`,
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        queueName('LegacyRdbRuleDeadLetterQueue'),
        0,
      ],
      // The lag: the consumer's ChangeAge metric (EMF, service dimension = the subscription).
      [`${at}-lagging`, 'Outflow', 'ChangeAge', 'legacy-rdb', 300],
      [
        `${at}-buffer-falling-behind`,
        'AWS/SQS',
        'ApproximateAgeOfOldestMessage',
        queueName('LegacyRdbBufferQueue'),
        300,
      ],
      [
        `${at}-buffer-dlq-not-empty`,
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        queueName('LegacyRdbBufferDeadLetterQueue'),
        0,
      ],
      [`${at}-pipe-failing`, 'AWS/EventBridge/Pipes', 'ExecutionFailed', { Ref: 'LegacyRdbPipe' }, 0],
    ]);
    expect(props(Resources, 'LegacyRdbPipeFailureAlarm')?.['Dimensions']).toEqual([
      { Name: 'PipeName', Value: { Ref: 'LegacyRdbPipe' } },
    ]);
    for (const [, alarm] of alarms)
      expect(alarm.Properties).toMatchObject({
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [backbone('AlarmTopicArn')],
      });
  });

  it('exports the rule’s and the Pipe’s names and every queue’s URL, ARN and name', () => {
    const exportedAs = (id: string) => `outflow-legacy-rdb-sync-test-${id}`;
    expect(Object.keys(Outputs)).toEqual([
      'LegacyRdbRuleName',
      'LegacyRdbPipeName',
      ...['BufferQueue', 'BufferDeadLetterQueue', 'Queue', 'DeadLetterQueue', 'RuleDeadLetterQueue'].flatMap(
        (q) => [`LegacyRdb${q}Url`, `LegacyRdb${q}Arn`, `LegacyRdb${q}Name`],
      ),
    ]);
    for (const [id, output] of Object.entries(Outputs)) expect(output.Export.Name).toBe(exportedAs(id));
    expect(Outputs['LegacyRdbPipeName']?.Value).toEqual({ Ref: 'LegacyRdbPipe' });
    expect(Outputs['LegacyRdbBufferQueueUrl']?.Value).toEqual({ Ref: 'LegacyRdbBufferQueue' });
    expect(Outputs['LegacyRdbBufferQueueArn']?.Value).toEqual(arn('LegacyRdbBufferQueue'));
    expect(Outputs['LegacyRdbDeadLetterQueueName']?.Value).toEqual({
      'Fn::GetAtt': ['LegacyRdbDeadLetterQueue', 'QueueName'],
    });
  });
});

describe('CloudFormation: subscriptionResources, unordered', () => {
  const { Resources, Outputs } = subscriptionResources(unordered, names);

  it('has a rule, a standard queue with its DLQ, the rule’s DLQ, the policy and four alarms (oldest message, both DLQs, lag) — no buffer, no Pipe', () => {
    expect(Object.keys(Resources)).toEqual([
      'LegacyRdbRule',
      'LegacyRdbQueue',
      'LegacyRdbDeadLetterQueue',
      'LegacyRdbRuleDeadLetterQueue',
      'LegacyRdbQueuePolicy',
      'LegacyRdbQueueAgeAlarm',
      'LegacyRdbDeadLetterAlarm',
      'LegacyRdbRuleDeadLetterAlarm',
      'LegacyRdbChangeAgeAlarm',
    ]);
  });

  it('sends the detail straight to the standard queue, which the rule’s policy names', () => {
    expect(props(Resources, 'LegacyRdbRule')?.['Targets']).toEqual([
      {
        Id: 'legacy-rdb-queue',
        Arn: arn('LegacyRdbQueue'),
        InputPath: '$.detail',
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        DeadLetterConfig: { Arn: arn('LegacyRdbRuleDeadLetterQueue') },
      },
    ]);
    expect(props(Resources, 'LegacyRdbQueue')).toEqual({
      QueueName: 'outflow-legacy-rdb-sync-test-legacy-rdb',
      VisibilityTimeout: 180,
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arn('LegacyRdbDeadLetterQueue'), maxReceiveCount: 5 },
    });
    expect(props(Resources, 'LegacyRdbDeadLetterQueue')).toEqual({
      QueueName: 'outflow-legacy-rdb-sync-test-legacy-rdb-dlq',
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
    expect(props(Resources, 'LegacyRdbQueuePolicy')).toMatchObject({
      Queues: [{ Ref: 'LegacyRdbQueue' }, { Ref: 'LegacyRdbRuleDeadLetterQueue' }],
    });
  });

  it('exports the rule’s name and every queue’s URL, ARN and name', () => {
    expect(Object.keys(Outputs)).toEqual([
      'LegacyRdbRuleName',
      ...['Queue', 'DeadLetterQueue', 'RuleDeadLetterQueue'].flatMap((q) => [
        `LegacyRdb${q}Url`,
        `LegacyRdb${q}Arn`,
        `LegacyRdb${q}Name`,
      ]),
    ]);
  });

  it('keeps the logical ids of the resources both modes share', () => {
    const perAggregate = Object.keys(subscriptionResources(legacyRdb, names).Resources);
    expect(perAggregate).toEqual(expect.arrayContaining(Object.keys(Resources)));
  });
});

describe('CloudFormation: consumerEvent and consumerFunction', () => {
  it('reads the consumer’s queue with the batch size, partial batch responses and the maximum concurrency', () => {
    expect(consumerEvent(legacyRdb)).toEqual({
      sqs: {
        arn: arn('LegacyRdbQueue'),
        batchSize: 10,
        functionResponseType: 'ReportBatchItemFailures',
        maximumConcurrency: 2,
      },
    });
  });

  it('gives the consumer its queue’s DLQ URL and SendMessage on exactly that DLQ (permanent failures)', () => {
    expect(consumerEnvironment(legacyRdb)).toEqual({
      POWERTOOLS_SERVICE_NAME: 'legacy-rdb',
      POWERTOOLS_METRICS_NAMESPACE: 'Outflow',
      OUTFLOW_DEAD_LETTER_QUEUE_URL: { Ref: 'LegacyRdbDeadLetterQueue' },
    });
    expect(consumerIamStatements(legacyRdb)).toEqual([
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [arn('LegacyRdbDeadLetterQueue')] },
    ]);
  });

  it('sets reserved concurrency on the function only when the subscription does', () => {
    expect(consumerFunction(legacyRdb)).toEqual({
      timeout: 30,
      memorySize: 512,
      events: [consumerEvent(legacyRdb)],
    });
    const capped = subscription('search', 'search-sync', ['order'], {
      consumer: { maximumConcurrency: 4, reservedConcurrency: 5 },
    });
    expect(consumerFunction(capped)).toMatchObject({
      reservedConcurrency: 5,
      events: [{ sqs: { maximumConcurrency: 4 } }],
    });
  });

  it('carries every setting of another subscription into its resources (nothing is legacy-rdb specific)', () => {
    const search = subscription('search-index', 'search-sync', ['order', 'customer'], {
      delivery: 'unordered',
      consumer: { timeoutSeconds: 60, batchSize: 5 },
      queue: { maxReceiveCount: 3 },
    });
    const generated = subscriptionResources(search, { ...names, service: 'outflow-search-sync' });
    expect(generated.Resources['SearchIndexRule']?.Properties).toMatchObject({
      Name: 'outflow-search-sync-test-search-index',
      Description: 'Outflow changes the search-index downstream needs',
      EventPattern: { source: ['outflow.order', 'outflow.customer'] },
    });
    expect(generated.Resources['SearchIndexQueue']?.Properties).toMatchObject({
      QueueName: 'outflow-search-sync-test-search-index',
      VisibilityTimeout: 360,
      RedrivePolicy: { maxReceiveCount: 3 },
    });
    expect(consumerEvent(search).sqs).toMatchObject({ arn: arn('SearchIndexQueue'), batchSize: 5 });
  });
});
