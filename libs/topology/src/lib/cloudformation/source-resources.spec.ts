import { outflowTopology } from '../outflow-topology';
import type { StackNames } from './cfn.types';
import { sourceResources } from './source-resources';

const names: StackNames = { service: 'outflow-orders', stage: 'test', backbone: 'outflow-backbone' };
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const backbone = (output: string) => ({ 'Fn::ImportValue': `outflow-backbone-test-${output}` });
const orders = outflowTopology.sources[0]!;
const streamArn = { 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] };

describe('CloudFormation: sourceResources', () => {
  const { Resources, Outputs } = sourceResources(orders, names, { streamArn });

  it('reads the given stream with one Pipe that filters, renders and batches as the topology says', () => {
    expect(Resources['OrdersPipe']).toEqual({
      Type: 'AWS::Pipes::Pipe',
      Properties: {
        Name: 'outflow-orders-test-outbox-pipe',
        Description: 'orders outbox stream → Outflow bus (only records carrying an outbox event)',
        RoleArn: arn('OrdersPipeRole'),
        Source: streamArn,
        SourceParameters: {
          FilterCriteria: { Filters: [{ Pattern: JSON.stringify(orders.pipe.filterPattern) }] },
          DynamoDBStreamParameters: {
            StartingPosition: 'TRIM_HORIZON',
            BatchSize: 10,
            MaximumBatchingWindowInSeconds: 1,
            MaximumRetryAttempts: 5,
            MaximumRecordAgeInSeconds: 3600,
            OnPartialBatchItemFailure: 'AUTOMATIC_BISECT',
            DeadLetterConfig: { Arn: arn('OrdersPipeDeadLetterQueue') },
          },
        },
        Target: backbone('BusArn'),
        TargetParameters: {
          InputTemplate: orders.pipe.inputTemplate,
          EventBridgeEventBusParameters: {
            DetailType: '$.dynamodb.NewImage.outboxEventType.S',
            Source: 'outflow.order',
          },
        },
      },
    });
  });

  it('runs the Pipe under a role that reads this stream, puts events on this bus and writes this DLQ only', () => {
    const role = Resources['OrdersPipeRole']?.Properties as {
      AssumeRolePolicyDocument: { Statement: unknown[] };
      Policies: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } }[];
    };
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'pipes.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(
      role.Policies.flatMap((p) => p.PolicyDocument.Statement).map((s) => [s.Action, s.Resource]),
    ).toEqual([
      [
        [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        streamArn,
      ],
      ['events:PutEvents', backbone('BusArn')],
      ['sqs:SendMessage', arn('OrdersPipeDeadLetterQueue')],
    ]);
  });

  it('keeps failed records’ positions 14 days in a standard DLQ and alarms on its depth and on failed executions', () => {
    expect(Resources['OrdersPipeDeadLetterQueue']?.Properties).toEqual({
      QueueName: 'outflow-orders-test-outbox-pipe-dlq',
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
    const alarm = (id: string) => Resources[id]?.Properties as Record<string, unknown>;
    expect(alarm('OrdersPipeDeadLetterAlarm')).toMatchObject({
      AlarmName: 'outflow-orders-test-outbox-pipe-dlq-not-empty',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': ['OrdersPipeDeadLetterQueue', 'QueueName'] } },
      ],
      Threshold: 0,
      AlarmActions: [backbone('AlarmTopicArn')],
    });
    expect(alarm('OrdersPipeFailureAlarm')).toMatchObject({
      AlarmName: 'outflow-orders-test-outbox-pipe-failing',
      Namespace: 'AWS/EventBridge/Pipes',
      MetricName: 'ExecutionFailed',
      Dimensions: [{ Name: 'PipeName', Value: { Ref: 'OrdersPipe' } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      AlarmActions: [backbone('AlarmTopicArn')],
    });
  });

  it('exports the Pipe’s name and its DLQ for the CLI and other stacks', () => {
    expect(
      Object.fromEntries(Object.entries(Outputs).map(([id, o]) => [id, [o.Value, o.Export.Name]])),
    ).toEqual({
      OrdersPipeName: [{ Ref: 'OrdersPipe' }, 'outflow-orders-test-OrdersPipeName'],
      OrdersPipeDeadLetterQueueUrl: [
        { Ref: 'OrdersPipeDeadLetterQueue' },
        'outflow-orders-test-OrdersPipeDeadLetterQueueUrl',
      ],
      OrdersPipeDeadLetterQueueArn: [
        arn('OrdersPipeDeadLetterQueue'),
        'outflow-orders-test-OrdersPipeDeadLetterQueueArn',
      ],
    });
  });

  it('exports the source table’s name as <Source>TableName when the app passes it (operator commands scan it)', () => {
    const { Outputs: withTable } = sourceResources(orders, names, {
      streamArn,
      tableName: { Ref: 'OutboxTable' },
    });
    expect(withTable['OrdersTableName']).toEqual({
      Description: 'The orders source table',
      Value: { Ref: 'OutboxTable' },
      Export: { Name: 'outflow-orders-test-OrdersTableName' },
    });
    expect(Outputs['OrdersTableName']).toBeUndefined();
  });
});
