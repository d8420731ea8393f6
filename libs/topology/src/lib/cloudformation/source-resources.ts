import type { SourceDefinition } from '../topology.types';
import { queueDepthAlarm, alarm } from './alarms';
import type { CfnOutput, CfnResource, GeneratedResources, StackNames } from './cfn.types';
import { arnOf, backboneImport, exported, pascalCase, physicalName, ref } from './names';
import { SQS_MAX_RETENTION_SECONDS } from '@outflow/core-domain';
import { pipesRole } from './pipe-role';

/**
 * Logical ids of one source's resources: `<Source>Pipe`, `<Source>PipeRole`, …
 *
 * Also what operator commands find its exports by (`tableNameOutput`).
 */
export const sourceLogicalIds = (source: SourceDefinition) => {
  const stem = `${pascalCase(source.name)}Pipe`;
  return {
    pipe: stem,
    role: `${stem}Role`,
    deadLetterQueue: `${stem}DeadLetterQueue`,
    deadLetterAlarm: `${stem}DeadLetterAlarm`,
    failureAlarm: `${stem}FailureAlarm`,
    /** The output (and export suffix) naming the source's table, e.g. `OrdersTableName`. */
    tableNameOutput: `${pascalCase(source.name)}TableName`,
  } as const;
};

/** A source's stream, given by the app that owns the table (e.g. `{ 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] }`). */
export interface SourceStream {
  readonly streamArn: unknown;
  /**
   * The table's name (e.g. `{ Ref: 'OutboxTable' }`): exported as `<Source>TableName`, where
   * `outflow backfill` and `outflow reconcile` find the table they scan. Omit only in specs.
   */
  readonly tableName?: unknown;
}

type Ids = ReturnType<typeof sourceLogicalIds>;

function pipe(source: SourceDefinition, names: StackNames, ids: Ids, streamArn: unknown): CfnResource {
  const p = source.pipe;
  return {
    Type: 'AWS::Pipes::Pipe',
    Properties: {
      Name: physicalName(names, 'outbox-pipe'),
      Description: `${source.name} outbox stream → Outflow bus (only records carrying an outbox event)`,
      RoleArn: arnOf(ids.role),
      Source: streamArn,
      SourceParameters: {
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify(p.filterPattern) }] },
        DynamoDBStreamParameters: {
          StartingPosition: p.startingPosition,
          BatchSize: p.batchSize,
          MaximumBatchingWindowInSeconds: p.maximumBatchingWindowInSeconds,
          MaximumRetryAttempts: p.maximumRetryAttempts,
          MaximumRecordAgeInSeconds: p.maximumRecordAgeInSeconds,
          OnPartialBatchItemFailure: p.onPartialBatchItemFailure,
          DeadLetterConfig: { Arn: arnOf(ids.deadLetterQueue) },
        },
      },
      Target: backboneImport(names, 'BusArn'),
      TargetParameters: {
        InputTemplate: p.inputTemplate,
        EventBridgeEventBusParameters: { DetailType: p.detailTypePath, Source: p.eventSource },
      },
    },
  };
}

/** The Pipe's role: read this stream, put events on this bus, write this DLQ; nothing more. */
function pipeRole(names: StackNames, ids: Ids, streamArn: unknown): CfnResource {
  return pipesRole('read-stream-publish-to-bus', [
    {
      Effect: 'Allow',
      Action: [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
      ],
      Resource: streamArn,
    },
    { Effect: 'Allow', Action: 'events:PutEvents', Resource: backboneImport(names, 'BusArn') },
    { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arnOf(ids.deadLetterQueue) },
  ]);
}

function sourceAlarms(names: StackNames, ids: Ids): Record<string, CfnResource> {
  return {
    [ids.deadLetterAlarm]: queueDepthAlarm(
      names,
      ids.deadLetterQueue,
      'outbox-pipe-dlq-not-empty',
      "Stream records the Pipe gave up on are waiting in its DLQ; redrive them within the stream's 24 h.",
      0,
    ),
    [ids.failureAlarm]: alarm(names, {
      name: 'outbox-pipe-failing',
      description:
        'The Pipe fails to deliver stream records to the bus (they are being retried; the stream is falling behind).',
      namespace: 'AWS/EventBridge/Pipes',
      metricName: 'ExecutionFailed',
      dimension: { Name: 'PipeName', Value: ref(ids.pipe) },
      statistic: 'Sum',
      period: 300,
      threshold: 0,
    }),
  };
}

/**
 * The resources of one source (its table's ONE stream reader): the Pipe to the backbone's bus
 * (filter, input template, finite retries and record age, bisect, DLQ), its role scoped to this
 * stream, bus and DLQ, the DLQ (standard, 14 days: AWS writes the failed record's shard and
 * sequence range there), alarms on the DLQ's depth and on `AWS/EventBridge/Pipes ExecutionFailed`;
 * Outputs `<Source>PipeName`, `<Source>PipeDeadLetterQueueUrl`/`Arn`, `<Source>TableName`. Physical names are
 * `<service>-<stage>-outbox-pipe…`: an app owns at most one source (validateTopology).
 */
export function sourceResources(
  source: SourceDefinition,
  names: StackNames,
  stream: SourceStream,
): GeneratedResources {
  const ids = sourceLogicalIds(source);
  const outputs: [string, CfnOutput][] = [
    exported(names, `${ids.pipe}Name`, `The ${source.name} Pipe`, ref(ids.pipe)),
    exported(names, `${ids.deadLetterQueue}Url`, `The ${source.name} Pipe's DLQ`, ref(ids.deadLetterQueue)),
    exported(names, `${ids.deadLetterQueue}Arn`, `The ${source.name} Pipe's DLQ`, arnOf(ids.deadLetterQueue)),
    ...(stream.tableName === undefined
      ? []
      : [exported(names, ids.tableNameOutput, `The ${source.name} source table`, stream.tableName)]),
  ];
  return {
    Resources: {
      [ids.pipe]: pipe(source, names, ids, stream.streamArn),
      [ids.deadLetterQueue]: {
        Type: 'AWS::SQS::Queue',
        Properties: {
          QueueName: physicalName(names, 'outbox-pipe-dlq'),
          MessageRetentionPeriod: SQS_MAX_RETENTION_SECONDS,
          SqsManagedSseEnabled: true,
        },
      },
      [ids.role]: pipeRole(names, ids, stream.streamArn),
      ...sourceAlarms(names, ids),
    },
    Outputs: Object.fromEntries(outputs),
  };
}
