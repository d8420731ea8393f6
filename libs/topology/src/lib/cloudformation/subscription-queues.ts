import { SQS_MAX_RETENTION_SECONDS } from '@outflow/core-domain';
import type { QueueDefinition, SubscriptionDefinition } from '../topology.types';
import type { CfnResource, StackNames } from './cfn.types';
import { arnOf, physicalName, ref } from './names';
import { ruleTargetQueue, type SubscriptionIds } from './subscription-ids';

const deadLetterQueue = (names: StackNames, queueName: string, fifo: boolean): CfnResource => ({
  Type: 'AWS::SQS::Queue',
  Properties: {
    QueueName: physicalName(names, queueName),
    ...(fifo ? { FifoQueue: true } : {}),
    MessageRetentionPeriod: SQS_MAX_RETENTION_SECONDS,
    SqsManagedSseEnabled: true,
  },
});

const queueWithRedrive = (
  names: StackNames,
  queueName: string,
  queue: QueueDefinition,
  deadLetterId: string,
  extra: Record<string, unknown> = {},
): CfnResource => ({
  Type: 'AWS::SQS::Queue',
  Properties: {
    QueueName: physicalName(names, queueName),
    ...extra,
    VisibilityTimeout: queue.visibilityTimeoutSeconds,
    MessageRetentionPeriod: queue.messageRetentionSeconds,
    SqsManagedSseEnabled: true,
    RedrivePolicy: { deadLetterTargetArn: arnOf(deadLetterId), maxReceiveCount: queue.maxReceiveCount },
  },
});

/**
 * The consumer's FIFO queue in high-throughput mode (deduplication and throughput per message
 * group, i.e. per aggregate). No content-based deduplication: the re-keying Pipe always gives
 * the event id as `MessageDeduplicationId`, which is what identifies a copy (two sends of one
 * event dedupe even if their bytes differ), and a send without an id fails loudly instead of
 * being deduplicated on the body.
 */
const fifoQueue = (sub: SubscriptionDefinition, names: StackNames, ids: SubscriptionIds) =>
  queueWithRedrive(names, `${sub.name}.fifo`, sub.queue, ids.deadLetterQueue, {
    FifoQueue: true,
    DeduplicationScope: 'messageGroup',
    FifoThroughputLimit: 'perMessageGroupId',
  });

/**
 * The subscription's queues, keyed by logical id. `per-aggregate`: the standard buffer queue the
 * rule sends to (its redrive policy is the only DLQ path of the Pipe that reads it: an SQS-source
 * Pipe has no DLQ setting of its own) and its DLQ, then the FIFO queue the consumer reads and its
 * FIFO DLQ. `unordered`: the standard queue the consumer reads and its DLQ. Both: the rule's DLQ
 * (standard, as EventBridge requires). Every DLQ keeps messages 14 days.
 */
export function subscriptionQueues(
  sub: SubscriptionDefinition,
  names: StackNames,
  ids: SubscriptionIds,
): Record<string, CfnResource> {
  const ruleDeadLetter = { [ids.ruleDeadLetterQueue]: deadLetterQueue(names, `${sub.name}-rule-dlq`, false) };
  if (sub.delivery.mode === 'unordered')
    return {
      [ids.queue]: queueWithRedrive(names, sub.name, sub.queue, ids.deadLetterQueue),
      [ids.deadLetterQueue]: deadLetterQueue(names, `${sub.name}-dlq`, false),
      ...ruleDeadLetter,
    };
  return {
    [ids.bufferQueue]: queueWithRedrive(
      names,
      `${sub.name}-buffer`,
      sub.delivery.buffer,
      ids.bufferDeadLetterQueue,
    ),
    [ids.bufferDeadLetterQueue]: deadLetterQueue(names, `${sub.name}-buffer-dlq`, false),
    [ids.queue]: fifoQueue(sub, names, ids),
    // A FIFO queue's DLQ must be FIFO too.
    [ids.deadLetterQueue]: deadLetterQueue(names, `${sub.name}-dlq.fifo`, true),
    ...ruleDeadLetter,
  };
}

/** Only this rule may send to the queue it targets and to its DLQ (`aws:SourceArn`). */
export function subscriptionQueuePolicy(sub: SubscriptionDefinition, ids: SubscriptionIds): CfnResource {
  const target = ruleTargetQueue(sub, ids);
  return {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [ref(target), ref(ids.ruleDeadLetterQueue)],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: [arnOf(target), arnOf(ids.ruleDeadLetterQueue)],
            Condition: { ArnEquals: { 'aws:SourceArn': arnOf(ids.rule) } },
          },
        ],
      },
    },
  };
}
