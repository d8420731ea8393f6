import { SQS_MAX_RETENTION_SECONDS } from '@outflow/core-domain';
import type { SubscriptionDefinition } from '../topology.types';
import { alarm, duration, queueDepthAlarm } from './alarms';
import type { CfnOutput, CfnResource, GeneratedResources, StackNames } from './cfn.types';
import { arnOf, backboneImport, exported, getAtt, pascalCase, physicalName, ref } from './names';

/** Logical ids of one subscription's resources: `<Subscription>Rule`, `<Subscription>Queue`, … */
export const subscriptionLogicalIds = (subscription: SubscriptionDefinition) => {
  const stem = pascalCase(subscription.name);
  return {
    rule: `${stem}Rule`,
    queue: `${stem}Queue`,
    deadLetterQueue: `${stem}DeadLetterQueue`,
    ruleDeadLetterQueue: `${stem}RuleDeadLetterQueue`,
    queuePolicy: `${stem}QueuePolicy`,
    queueAgeAlarm: `${stem}QueueAgeAlarm`,
    deadLetterAlarm: `${stem}DeadLetterAlarm`,
    ruleDeadLetterAlarm: `${stem}RuleDeadLetterAlarm`,
  } as const;
};

type Ids = ReturnType<typeof subscriptionLogicalIds>;

/** What the downstream is called in descriptions: the subscription's description or its name. */
const downstreamOf = (sub: SubscriptionDefinition) => sub.description ?? `the ${sub.name} downstream`;

function rule(sub: SubscriptionDefinition, names: StackNames, ids: Ids): CfnResource {
  return {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: physicalName(names, sub.name),
      Description: `Outflow changes ${downstreamOf(sub)} needs`,
      EventBusName: backboneImport(names, 'BusName'),
      EventPattern: sub.rule.eventPattern,
      State: 'ENABLED',
      Targets: [
        {
          Id: `${sub.name}-queue`,
          Arn: arnOf(ids.queue),
          InputPath: sub.rule.inputPath,
          SqsParameters: { MessageGroupId: sub.rule.messageGroupId },
          RetryPolicy: {
            MaximumRetryAttempts: sub.rule.maximumRetryAttempts,
            MaximumEventAgeInSeconds: sub.rule.maximumEventAgeInSeconds,
          },
          DeadLetterConfig: { Arn: arnOf(ids.ruleDeadLetterQueue) },
        },
      ],
    },
  };
}

function queues(sub: SubscriptionDefinition, names: StackNames, ids: Ids): Record<string, CfnResource> {
  const dlq = (queueName: string, fifo: boolean): CfnResource => ({
    Type: 'AWS::SQS::Queue',
    Properties: {
      QueueName: physicalName(names, queueName),
      ...(fifo ? { FifoQueue: true } : {}),
      MessageRetentionPeriod: SQS_MAX_RETENTION_SECONDS,
      SqsManagedSseEnabled: true,
    },
  });
  return {
    [ids.queue]: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: physicalName(names, `${sub.name}.fifo`),
        FifoQueue: true,
        ContentBasedDeduplication: sub.queue.contentBasedDeduplication,
        VisibilityTimeout: sub.queue.visibilityTimeoutSeconds,
        MessageRetentionPeriod: sub.queue.messageRetentionSeconds,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: arnOf(ids.deadLetterQueue),
          maxReceiveCount: sub.queue.maxReceiveCount,
        },
      },
    },
    // A FIFO queue's DLQ must be FIFO too.
    [ids.deadLetterQueue]: dlq(`${sub.name}-dlq.fifo`, true),
    // EventBridge rule DLQs must be standard queues.
    [ids.ruleDeadLetterQueue]: dlq(`${sub.name}-rule-dlq`, false),
  };
}

/** Only this rule may send to the queue and to the rule's DLQ (`aws:SourceArn`). */
function queuePolicy(ids: Ids): CfnResource {
  return {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [ref(ids.queue), ref(ids.ruleDeadLetterQueue)],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: [arnOf(ids.queue), arnOf(ids.ruleDeadLetterQueue)],
            Condition: { ArnEquals: { 'aws:SourceArn': arnOf(ids.rule) } },
          },
        ],
      },
    },
  };
}

function alarms(sub: SubscriptionDefinition, names: StackNames, ids: Ids): Record<string, CfnResource> {
  const downstream = downstreamOf(sub);
  const age = sub.alarms.oldestMessageAgeSeconds;
  const depth = sub.alarms.dlqDepthAbove;
  return {
    [ids.queueAgeAlarm]: alarm(names, {
      name: `${sub.name}-falling-behind`,
      description: `The oldest change waiting for ${downstream} is older than ${duration(age)}.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimension: { Name: 'QueueName', Value: getAtt(ids.queue, 'QueueName') },
      statistic: 'Maximum',
      period: 60,
      threshold: age,
    }),
    [ids.deadLetterAlarm]: queueDepthAlarm(
      names,
      ids.deadLetterQueue,
      `${sub.name}-dlq-not-empty`,
      `Changes ${downstream} could not take are waiting in the DLQ.`,
      depth,
    ),
    [ids.ruleDeadLetterAlarm]: queueDepthAlarm(
      names,
      ids.ruleDeadLetterQueue,
      `${sub.name}-rule-dlq-not-empty`,
      `Events the bus could not deliver to the ${sub.name} queue are waiting in the rule's DLQ.`,
      depth,
    ),
  };
}

function outputs(sub: SubscriptionDefinition, names: StackNames, ids: Ids): Record<string, CfnOutput> {
  const entries: [string, CfnOutput][] = [
    exported(names, `${ids.rule}Name`, `The ${sub.name} rule`, ref(ids.rule)),
    ...(
      [
        [ids.queue, `The ${sub.name} queue`],
        [ids.deadLetterQueue, `The ${sub.name} queue's DLQ`],
        [ids.ruleDeadLetterQueue, `The ${sub.name} rule's DLQ`],
      ] as const
    ).flatMap(([id, what]) => [
      exported(names, `${id}Url`, what, ref(id)),
      exported(names, `${id}Arn`, what, arnOf(id)),
    ]),
  ];
  return Object.fromEntries(entries);
}

/**
 * The resources of one subscription, keyed by logical id: the rule on the backbone's bus (the
 * subscription's pattern, the detail only, its fixed message group, finite retry policy, a
 * standard-queue DLQ), the FIFO queue (content-based deduplication, redrive to a FIFO DLQ after
 * `maxReceiveCount`), the policy letting only that rule send, alarms on the oldest message's age
 * and on both DLQs; Outputs for the rule name and every queue's URL and ARN. The consumer's
 * event source is {@link consumerEvent}.
 */
export function subscriptionResources(sub: SubscriptionDefinition, names: StackNames): GeneratedResources {
  const ids = subscriptionLogicalIds(sub);
  return {
    Resources: {
      [ids.rule]: rule(sub, names, ids),
      ...queues(sub, names, ids),
      [ids.queuePolicy]: queuePolicy(ids),
      ...alarms(sub, names, ids),
    },
    Outputs: outputs(sub, names, ids),
  };
}

/** The ARN of the queue the subscription's consumer reads (`Fn::GetAtt`). */
const consumerQueueArn = (sub: SubscriptionDefinition) => arnOf(subscriptionLogicalIds(sub).queue);

/**
 * The Serverless `sqs` event of the subscription's consumer: the generated queue, the topology's
 * batch size, partial batch responses (failed messages reported one by one).
 */
export const consumerEvent = (sub: SubscriptionDefinition) => ({
  sqs: {
    arn: consumerQueueArn(sub),
    batchSize: sub.consumer.batchSize,
    functionResponseType: 'ReportBatchItemFailures' as const,
  },
});
