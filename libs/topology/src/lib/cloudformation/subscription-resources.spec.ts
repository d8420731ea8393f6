import { outflowTopology, subscription } from '../outflow-topology';
import type { StackNames } from './cfn.types';
import { consumerEvent, subscriptionLogicalIds, subscriptionResources } from './subscription-resources';

const names: StackNames = { service: 'outflow-legacy-rdb-sync', stage: 'test', backbone: 'outflow-backbone' };
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const backbone = (output: string) => ({ 'Fn::ImportValue': `outflow-backbone-test-${output}` });
const legacyRdb = outflowTopology.subscriptions[0]!;

describe('CloudFormation: subscriptionResources', () => {
  const { Resources, Outputs } = subscriptionResources(legacyRdb, names);

  it('names every resource after the subscription, keyed by logical id', () => {
    expect(Object.keys(Resources)).toEqual([
      'LegacyRdbRule',
      'LegacyRdbQueue',
      'LegacyRdbDeadLetterQueue',
      'LegacyRdbRuleDeadLetterQueue',
      'LegacyRdbQueuePolicy',
      'LegacyRdbQueueAgeAlarm',
      'LegacyRdbDeadLetterAlarm',
      'LegacyRdbRuleDeadLetterAlarm',
    ]);
    expect(Object.keys(Resources)).toEqual(Object.values(subscriptionLogicalIds(legacyRdb)));
  });

  it('subscribes on the backbone’s bus with the topology’s pattern: the detail only, a fixed group, finite retries, a DLQ', () => {
    expect(Resources['LegacyRdbRule']).toEqual({
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: 'outflow-legacy-rdb-sync-test-legacy-rdb',
        Description: 'Outflow changes the legacy relational database needs',
        EventBusName: backbone('BusName'),
        EventPattern: { source: ['outflow.order'] },
        State: 'ENABLED',
        Targets: [
          {
            Id: 'legacy-rdb-queue',
            Arn: arn('LegacyRdbQueue'),
            InputPath: '$.detail',
            SqsParameters: { MessageGroupId: 'legacy-rdb' },
            RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
            DeadLetterConfig: { Arn: arn('LegacyRdbRuleDeadLetterQueue') },
          },
        ],
      },
    });
  });

  it('queues into a FIFO queue with the topology’s settings and a FIFO DLQ; the rule’s DLQ is standard', () => {
    expect(Resources['LegacyRdbQueue']?.Properties).toEqual({
      QueueName: 'outflow-legacy-rdb-sync-test-legacy-rdb.fifo',
      FifoQueue: true,
      ContentBasedDeduplication: true,
      VisibilityTimeout: 180,
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: arn('LegacyRdbDeadLetterQueue'), maxReceiveCount: 5 },
    });
    expect(Resources['LegacyRdbDeadLetterQueue']?.Properties).toEqual({
      QueueName: 'outflow-legacy-rdb-sync-test-legacy-rdb-dlq.fifo',
      FifoQueue: true,
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
    expect(Resources['LegacyRdbRuleDeadLetterQueue']?.Properties).toEqual({
      QueueName: 'outflow-legacy-rdb-sync-test-legacy-rdb-rule-dlq',
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
  });

  it('lets only its rule send to the queue and to the rule’s DLQ', () => {
    expect(Resources['LegacyRdbQueuePolicy']?.Properties).toEqual({
      Queues: [{ Ref: 'LegacyRdbQueue' }, { Ref: 'LegacyRdbRuleDeadLetterQueue' }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: [arn('LegacyRdbQueue'), arn('LegacyRdbRuleDeadLetterQueue')],
            Condition: { ArnEquals: { 'aws:SourceArn': arn('LegacyRdbRule') } },
          },
        ],
      },
    });
  });

  it('alarms to the backbone’s topic on the oldest message’s age and on both DLQs, at the topology’s thresholds', () => {
    const alarms = ['LegacyRdbQueueAgeAlarm', 'LegacyRdbDeadLetterAlarm', 'LegacyRdbRuleDeadLetterAlarm'].map(
      (id) => Resources[id]?.Properties as Record<string, unknown>,
    );
    expect(alarms.map((a) => [a['AlarmName'], a['MetricName'], a['Dimensions'], a['Threshold']])).toEqual([
      [
        'outflow-legacy-rdb-sync-test-legacy-rdb-falling-behind',
        'ApproximateAgeOfOldestMessage',
        [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['LegacyRdbQueue', 'QueueName'] } }],
        300,
      ],
      [
        'outflow-legacy-rdb-sync-test-legacy-rdb-dlq-not-empty',
        'ApproximateNumberOfMessagesVisible',
        [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['LegacyRdbDeadLetterQueue', 'QueueName'] } }],
        0,
      ],
      [
        'outflow-legacy-rdb-sync-test-legacy-rdb-rule-dlq-not-empty',
        'ApproximateNumberOfMessagesVisible',
        [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['LegacyRdbRuleDeadLetterQueue', 'QueueName'] } }],
        0,
      ],
    ]);
    expect(alarms[0]?.['AlarmDescription']).toBe(
      'The oldest change waiting for the legacy relational database is older than 5 minutes.',
    );
    for (const alarm of alarms)
      expect(alarm).toMatchObject({
        Namespace: 'AWS/SQS',
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [backbone('AlarmTopicArn')],
      });
  });

  it('exports the rule’s name and every queue’s URL and ARN under <service>-<stage>-<output>', () => {
    expect(
      Object.fromEntries(Object.entries(Outputs).map(([id, o]) => [id, [o.Value, o.Export.Name]])),
    ).toEqual({
      LegacyRdbRuleName: [{ Ref: 'LegacyRdbRule' }, 'outflow-legacy-rdb-sync-test-LegacyRdbRuleName'],
      LegacyRdbQueueUrl: [{ Ref: 'LegacyRdbQueue' }, 'outflow-legacy-rdb-sync-test-LegacyRdbQueueUrl'],
      LegacyRdbQueueArn: [arn('LegacyRdbQueue'), 'outflow-legacy-rdb-sync-test-LegacyRdbQueueArn'],
      LegacyRdbDeadLetterQueueUrl: [
        { Ref: 'LegacyRdbDeadLetterQueue' },
        'outflow-legacy-rdb-sync-test-LegacyRdbDeadLetterQueueUrl',
      ],
      LegacyRdbDeadLetterQueueArn: [
        arn('LegacyRdbDeadLetterQueue'),
        'outflow-legacy-rdb-sync-test-LegacyRdbDeadLetterQueueArn',
      ],
      LegacyRdbRuleDeadLetterQueueUrl: [
        { Ref: 'LegacyRdbRuleDeadLetterQueue' },
        'outflow-legacy-rdb-sync-test-LegacyRdbRuleDeadLetterQueueUrl',
      ],
      LegacyRdbRuleDeadLetterQueueArn: [
        arn('LegacyRdbRuleDeadLetterQueue'),
        'outflow-legacy-rdb-sync-test-LegacyRdbRuleDeadLetterQueueArn',
      ],
    });
  });

  it('carries every setting of another subscription into its resources (nothing is legacy-rdb specific)', () => {
    const search = subscription('search-index', 'search-sync', ['order', 'customer'], {
      consumer: { timeoutSeconds: 60, batchSize: 5 },
      queue: { maxReceiveCount: 3 },
    });
    const generated = subscriptionResources(search, { ...names, service: 'outflow-search-sync' });
    expect(Object.keys(generated.Resources)).toContain('SearchIndexRule');
    expect(generated.Resources['SearchIndexRule']?.Properties).toMatchObject({
      Name: 'outflow-search-sync-test-search-index',
      Description: 'Outflow changes the search-index downstream needs',
      EventPattern: { source: ['outflow.order', 'outflow.customer'] },
      Targets: [{ SqsParameters: { MessageGroupId: 'search-index' } }],
    });
    expect(generated.Resources['SearchIndexQueue']?.Properties).toMatchObject({
      QueueName: 'outflow-search-sync-test-search-index.fifo',
      VisibilityTimeout: 360,
      RedrivePolicy: { maxReceiveCount: 3 },
    });
    expect(consumerEvent(search)).toEqual({
      sqs: { arn: arn('SearchIndexQueue'), batchSize: 5, functionResponseType: 'ReportBatchItemFailures' },
    });
  });
});
