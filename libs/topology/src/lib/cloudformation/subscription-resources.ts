import type { SubscriptionDefinition } from '../topology.types';
import type { CfnOutput, CfnResource, GeneratedResources, StackNames } from './cfn.types';
import { arnOf, backboneImport, exported, getAtt, physicalName, ref } from './names';
import { rekeyPipe, rekeyPipeRole } from './rekey-pipe';
import { CHANGE_AGE_METRIC } from '@outflow/core-domain';
import { subscriptionAlarms } from './subscription-alarms';
import {
  downstreamOf,
  ruleTargetQueue,
  subscriptionLogicalIds,
  type SubscriptionIds,
} from './subscription-ids';
import { subscriptionQueuePolicy, subscriptionQueues } from './subscription-queues';

/** The bus rule: the detail only, to a STANDARD queue (never FIFO: a rule could only give it a fixed group). */
function rule(sub: SubscriptionDefinition, names: StackNames, ids: SubscriptionIds): CfnResource {
  const perAggregate = sub.delivery.mode === 'per-aggregate';
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
          Id: `${sub.name}-${perAggregate ? 'buffer' : 'queue'}`,
          Arn: arnOf(ruleTargetQueue(sub, ids)),
          InputPath: sub.rule.inputPath,
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

function outputs(
  sub: SubscriptionDefinition,
  names: StackNames,
  ids: SubscriptionIds,
): Record<string, CfnOutput> {
  const queues: [string, string][] = [
    ...(sub.delivery.mode === 'per-aggregate'
      ? ([
          [ids.bufferQueue, `The ${sub.name} buffer queue`],
          [ids.bufferDeadLetterQueue, `The ${sub.name} buffer queue's DLQ`],
        ] as [string, string][])
      : []),
    [ids.queue, `The ${sub.name} queue`],
    [ids.deadLetterQueue, `The ${sub.name} queue's DLQ`],
    [ids.ruleDeadLetterQueue, `The ${sub.name} rule's DLQ`],
  ];
  const entries: [string, CfnOutput][] = [
    exported(names, `${ids.rule}Name`, `The ${sub.name} rule`, ref(ids.rule)),
    ...(sub.delivery.mode === 'per-aggregate'
      ? [exported(names, `${ids.pipe}Name`, `The ${sub.name} re-keying Pipe`, ref(ids.pipe))]
      : []),
    ...queues.flatMap(([id, what]) => [
      exported(names, `${id}Url`, what, ref(id)),
      exported(names, `${id}Arn`, what, arnOf(id)),
      exported(names, `${id}Name`, what, getAtt(id, 'QueueName')),
    ]),
  ];
  return Object.fromEntries(entries);
}

/**
 * The resources of one subscription, keyed by logical id (docs/architecture.md, "Delivery
 * modes"), with each resource's error handling as AWS defines it:
 *
 * - `per-aggregate`: the rule (detail only, finite retry policy, standard-queue DLQ) → a standard
 *   buffer queue (redrive to its DLQ after `maxReceiveCount`) → the re-keying Pipe
 *   (`{"detail": <$.body>}`, `MessageGroupId` `$.body.aggregateKey`, `MessageDeduplicationId`
 *   `$.body.eventId`; no DLQ setting: it inherits the buffer's redrive policy) with its scoped role
 *   → the FIFO queue in high-throughput mode (redrive to a FIFO DLQ) → the consumer.
 * - `unordered`: the rule → a standard queue (redrive to its DLQ) → the consumer.
 *
 * Both: the queue policy letting only the rule send (to its target and its DLQ), alarms on every
 * DLQ's depth, the queues' oldest message and the Pipe's failures; Outputs for the rule's and
 * the Pipe's names and every queue's URL, ARN and name. The consumer's event source is
 * {@link consumerEvent}.
 */
export function subscriptionResources(sub: SubscriptionDefinition, names: StackNames): GeneratedResources {
  const ids = subscriptionLogicalIds(sub);
  const pipe =
    sub.delivery.mode === 'per-aggregate'
      ? { [ids.pipe]: rekeyPipe(sub, sub.delivery, names, ids), [ids.pipeRole]: rekeyPipeRole(ids) }
      : {};
  return {
    Resources: {
      [ids.rule]: rule(sub, names, ids),
      ...subscriptionQueues(sub, names, ids),
      ...pipe,
      [ids.queuePolicy]: subscriptionQueuePolicy(sub, ids),
      ...subscriptionAlarms(sub, names, ids),
    },
    Outputs: outputs(sub, names, ids),
  };
}

/**
 * The Serverless `sqs` event of the subscription's consumer: the generated queue it reads (FIFO in
 * `per-aggregate` mode, standard in `unordered`), the topology's batch size, partial batch
 * responses (failed messages reported one by one), and `maximumConcurrency` (osls writes it as
 * the event source mapping's `ScalingConfig.MaximumConcurrency`: at most that many batches at
 * once; on a FIFO queue also at most one per active message group).
 *
 * @internal Tested on its own; apps use {@link consumerFunction}.
 */
export const consumerEvent = (sub: SubscriptionDefinition) => ({
  sqs: {
    arn: arnOf(subscriptionLogicalIds(sub).queue),
    batchSize: sub.consumer.batchSize,
    functionResponseType: 'ReportBatchItemFailures' as const,
    maximumConcurrency: sub.consumer.maximumConcurrency,
  },
});

/**
 * The consumer function's environment from the topology, to spread into its `environment`:
 * `POWERTOOLS_SERVICE_NAME` (the subscription's name: the `service` dimension of the lag metric the
 * handler publishes, {@link CHANGE_AGE_METRIC}), `POWERTOOLS_METRICS_NAMESPACE` (`Outflow`) and
 * `OUTFLOW_DEAD_LETTER_QUEUE_URL` (the URL of the consumer queue's DLQ, where the handler sends a
 * permanent failure at once; it needs {@link consumerIamStatements}).
 */
export const consumerEnvironment = (sub: SubscriptionDefinition) => ({
  POWERTOOLS_SERVICE_NAME: sub.name,
  POWERTOOLS_METRICS_NAMESPACE: CHANGE_AGE_METRIC.namespace,
  OUTFLOW_DEAD_LETTER_QUEUE_URL: ref(subscriptionLogicalIds(sub).deadLetterQueue),
});

/**
 * IAM statements the consumer's role needs from the topology, to spread into the app's
 * `provider.iam.role.statements`: `sqs:SendMessage` on exactly its queue's DLQ (permanent failures).
 */
export const consumerIamStatements = (sub: SubscriptionDefinition) => [
  {
    Effect: 'Allow' as const,
    Action: ['sqs:SendMessage'],
    Resource: [arnOf(subscriptionLogicalIds(sub).deadLetterQueue)],
  },
];

/**
 * The consumer function's settings from the topology, to spread into a Serverless function:
 * `timeout` and `memorySize`, `reservedConcurrency` when the subscription sets one, and
 * `events: [consumerEvent(sub)]`. The app adds its handler, environment and description.
 */
export const consumerFunction = (sub: SubscriptionDefinition) => ({
  timeout: sub.consumer.timeoutSeconds,
  memorySize: sub.consumer.memorySize,
  ...(sub.consumer.reservedConcurrency === undefined
    ? {}
    : { reservedConcurrency: sub.consumer.reservedConcurrency }),
  events: [consumerEvent(sub)],
});
