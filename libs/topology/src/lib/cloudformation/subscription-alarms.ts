import type { SubscriptionDefinition } from '../topology.types';
import { CHANGE_AGE_METRIC } from '@outflow/core-domain';
import { alarm, duration, queueDepthAlarm } from './alarms';
import type { CfnResource, StackNames } from './cfn.types';
import { getAtt, ref } from './names';
import { downstreamOf, type SubscriptionIds } from './subscription-ids';

const ageAlarm = (names: StackNames, queueId: string, name: string, description: string, age: number) =>
  alarm(names, {
    name,
    description,
    namespace: 'AWS/SQS',
    metricName: 'ApproximateAgeOfOldestMessage',
    dimension: { Name: 'QueueName', Value: getAtt(queueId, 'QueueName') },
    statistic: 'Maximum',
    period: 60,
    threshold: age,
  });

/** `per-aggregate` only: the buffer queue's age and DLQ, and the re-keying Pipe's failed executions. */
function rekeyAlarms(sub: SubscriptionDefinition, names: StackNames, ids: SubscriptionIds) {
  const age = sub.alarms.oldestMessageAgeSeconds;
  return {
    [ids.bufferAgeAlarm]: ageAlarm(
      names,
      ids.bufferQueue,
      `${sub.name}-buffer-falling-behind`,
      `Changes for ${downstreamOf(sub)} wait in the buffer queue longer than ${duration(age)}: the re-keying Pipe is failing or stopped.`,
      age,
    ),
    [ids.bufferDeadLetterAlarm]: queueDepthAlarm(
      names,
      ids.bufferDeadLetterQueue,
      `${sub.name}-buffer-dlq-not-empty`,
      `Changes the re-keying Pipe could not forward to the ${sub.name} FIFO queue are waiting in the buffer's DLQ.`,
      sub.alarms.dlqDepthAbove,
    ),
    [ids.pipeFailureAlarm]: alarm(names, {
      name: `${sub.name}-pipe-failing`,
      description: `The re-keying Pipe fails to forward changes to the ${sub.name} FIFO queue (they return to the buffer queue and are retried).`,
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
 * The subscription's alarms, to the backbone's topic: the age of the oldest message on the
 * consumer's queue; the lag, the consumer's `ChangeAge` metric (now − the change's commit time,
 * {@link CHANGE_AGE_METRIC}) above `oldestMessageAgeSeconds`; each DLQ's depth above `dlqDepthAbove` (the consumer queue's, the rule's);
 * in `per-aggregate` mode also the buffer queue's age and DLQ and the Pipe's `ExecutionFailed`.
 */
export function subscriptionAlarms(
  sub: SubscriptionDefinition,
  names: StackNames,
  ids: SubscriptionIds,
): Record<string, CfnResource> {
  const downstream = downstreamOf(sub);
  const age = sub.alarms.oldestMessageAgeSeconds;
  const depth = sub.alarms.dlqDepthAbove;
  return {
    [ids.queueAgeAlarm]: ageAlarm(
      names,
      ids.queue,
      `${sub.name}-falling-behind`,
      `The oldest change waiting for ${downstream} is older than ${duration(age)}.`,
      age,
    ),
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
    [ids.changeAgeAlarm]: alarm(names, {
      name: `${sub.name}-lagging`,
      description: `Changes reach ${downstream} more than ${duration(age)} after they were committed (the consumer's ${CHANGE_AGE_METRIC.name} metric).`,
      namespace: CHANGE_AGE_METRIC.namespace,
      metricName: CHANGE_AGE_METRIC.name,
      dimension: { Name: CHANGE_AGE_METRIC.dimension, Value: sub.name },
      statistic: 'Maximum',
      period: 60,
      threshold: age,
    }),
    ...(sub.delivery.mode === 'per-aggregate' ? rekeyAlarms(sub, names, ids) : {}),
  };
}
