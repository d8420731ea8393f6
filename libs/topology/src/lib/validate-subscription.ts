import { AGGREGATE_TYPE_PATTERN, EVENT_LIMITS } from '@outflow/core-domain';
import {
  ALARM_LIMITS,
  LAMBDA_LIMITS,
  PIPE_SQS_LIMITS,
  RULE_RETRY_LIMITS,
  SQS_FIFO_ID_MAX_LENGTH,
  SQS_LIMITS,
  VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT,
} from '@outflow/core-domain';
import type { OutflowTopology, QueueDefinition, SubscriptionDefinition } from './topology.types';
import type { Issues } from './validation-issues';

const MODES = ['per-aggregate', 'unordered'];

/** What one fixed message group costs, in this subscription's own numbers. */
const fixedGroupCost = (queue: QueueDefinition) =>
  `one message group serializes the whole downstream (one batch in flight, ever), and a failed message stalls every other change for the visibility timeout × maxReceiveCount (${queue.visibilityTimeoutSeconds} s × ${queue.maxReceiveCount} here)`;

function checkRule(sub: SubscriptionDefinition, at: string, issues: Issues): void {
  const rule = sub.rule;
  issues.pattern(rule.eventPattern, `${at}.eventPattern`);
  issues.check(
    !('messageGroupId' in rule),
    `${at}.messageGroupId`,
    `remove it: a rule target can only give a FIFO queue a fixed MessageGroupId, and ${fixedGroupCost(sub.queue)}; use delivery 'per-aggregate' (a Pipe re-keys each change into its aggregate's group) or 'unordered'`,
  );
  issues.range(
    rule.maximumRetryAttempts,
    RULE_RETRY_LIMITS.maximumRetryAttempts,
    `${at}.maximumRetryAttempts`,
  );
  issues.range(
    rule.maximumEventAgeInSeconds,
    RULE_RETRY_LIMITS.maximumEventAgeInSeconds,
    `${at}.maximumEventAgeInSeconds`,
  );
}

/** A queue's settings against SQS's limits; `consumerTimeout` when a Lambda function reads it. */
function checkQueue(queue: QueueDefinition, at: string, issues: Issues, consumerTimeout?: number): void {
  const visibility = queue.visibilityTimeoutSeconds;
  issues.range(visibility, SQS_LIMITS.visibilityTimeoutSeconds, `${at}.visibilityTimeoutSeconds`);
  if (consumerTimeout !== undefined) {
    const minimum = VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT * consumerTimeout;
    issues.check(
      visibility >= minimum,
      `${at}.visibilityTimeoutSeconds`,
      `expected at least ${VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT} × consumer.timeoutSeconds (${minimum}), got ${visibility}`,
    );
  }
  issues.range(
    queue.messageRetentionSeconds,
    SQS_LIMITS.messageRetentionSeconds,
    `${at}.messageRetentionSeconds`,
  );
  issues.range(
    queue.maxReceiveCount,
    SQS_LIMITS.maxReceiveCount,
    `${at}.maxReceiveCount`,
    ' (finite, so a poison message reaches the DLQ)',
  );
}

function checkConsumer(consumer: SubscriptionDefinition['consumer'], at: string, issues: Issues): void {
  issues.range(
    consumer.batchSize,
    LAMBDA_LIMITS.fifoBatchSize,
    `${at}.batchSize`,
    ' (SQS FIFO event sources take at most 10)',
  );
  issues.range(consumer.timeoutSeconds, LAMBDA_LIMITS.timeoutSeconds, `${at}.timeoutSeconds`);
  issues.range(
    consumer.maximumConcurrency,
    LAMBDA_LIMITS.maximumConcurrency,
    `${at}.maximumConcurrency`,
    ' (ScalingConfig.MaximumConcurrency of the event source mapping)',
  );
  const reserved = consumer.reservedConcurrency;
  if (reserved === undefined) return;
  issues.range(reserved, LAMBDA_LIMITS.reservedConcurrency, `${at}.reservedConcurrency`);
  issues.check(
    reserved >= consumer.maximumConcurrency,
    `${at}.maximumConcurrency`,
    `must not exceed reservedConcurrency (${reserved}), got ${consumer.maximumConcurrency}: Lambda would throttle the batches the event source mapping starts above it; lower maximumConcurrency or raise reservedConcurrency`,
  );
}

/**
 * The aggregate types a rule pattern names (`source: ['outflow.<type>', …]`); when the pattern
 * does not name sources by plain strings, every type the topology's sources produce.
 */
function aggregateTypesOf(sub: SubscriptionDefinition, topology: OutflowTopology): string[] {
  const sources = sub.rule.eventPattern['source'];
  const named = Array.isArray(sources) && sources.every((s) => typeof s === 'string');
  if (!named) return [...new Set(topology.sources.map((s) => s.aggregateType))];
  return (sources as string[]).filter((s) => s.startsWith('outflow.')).map((s) => s.slice('outflow.'.length));
}

/** Every aggregate type's `<type>#<id>` and every event id must fit SQS's FIFO ids. */
function checkGroupKeys(
  sub: SubscriptionDefinition,
  topology: OutflowTopology,
  at: string,
  issues: Issues,
): void {
  const produced = new Set(topology.sources.map((s) => s.aggregateType));
  for (const type of aggregateTypesOf(sub, topology)) {
    const longest = `${type}#`.length + EVENT_LIMITS.aggregateId;
    issues.check(
      produced.has(type),
      `${at}.rule.eventPattern.source`,
      `names outflow.${type}, but no source produces aggregate type ${JSON.stringify(type)}: add its source or remove it from the pattern`,
    );
    issues.check(
      AGGREGATE_TYPE_PATTERN.test(type),
      `${at}.rule.eventPattern.source`,
      `aggregate type ${JSON.stringify(type)} must start with a letter and hold only letters, digits, "_", "." or "-" (AGGREGATE_TYPE_PATTERN)`,
    );
    issues.check(
      longest <= SQS_FIFO_ID_MAX_LENGTH,
      `${at}.rule.eventPattern.source`,
      `aggregate type ${JSON.stringify(type)} makes message group ids "${type}#<aggregateId>" of up to ${longest} characters (aggregate ids take up to ${EVENT_LIMITS.aggregateId}, EVENT_LIMITS.aggregateId); SQS takes at most ${SQS_FIFO_ID_MAX_LENGTH}: use a type of at most ${SQS_FIFO_ID_MAX_LENGTH - 1 - EVENT_LIMITS.aggregateId} characters, or delivery 'unordered'`,
    );
  }
  issues.check(
    EVENT_LIMITS.eventId <= SQS_FIFO_ID_MAX_LENGTH,
    `${at}.delivery.deduplicationIdField`,
    `event ids take up to ${EVENT_LIMITS.eventId} characters (EVENT_LIMITS.eventId); an SQS deduplication id at most ${SQS_FIFO_ID_MAX_LENGTH}`,
  );
}

function checkPerAggregate(
  sub: SubscriptionDefinition,
  topology: OutflowTopology,
  at: string,
  issues: Issues,
): void {
  if (sub.delivery.mode !== 'per-aggregate') return;
  const { groupKeyField, deduplicationIdField, buffer, pipe } = sub.delivery;
  issues.check(
    groupKeyField === 'aggregateKey',
    `${at}.delivery.groupKeyField`,
    `expected 'aggregateKey' (the detail field holding "<aggregateType>#<aggregateId>"; a Pipes target parameter is one JSON path and cannot concatenate fields), got ${JSON.stringify(groupKeyField)}`,
  );
  issues.check(
    deduplicationIdField === 'eventId',
    `${at}.delivery.deduplicationIdField`,
    `expected 'eventId' (what identifies a duplicate), got ${JSON.stringify(deduplicationIdField)}`,
  );
  checkQueue(buffer, `${at}.delivery.buffer`, issues);
  issues.range(
    pipe.batchSize,
    PIPE_SQS_LIMITS.batchSizeToSqs,
    `${at}.delivery.pipe.batchSize`,
    ' (a Pipe to an SQS queue)',
  );
  issues.range(
    pipe.maximumBatchingWindowInSeconds,
    PIPE_SQS_LIMITS.maximumBatchingWindowInSeconds,
    `${at}.delivery.pipe.maximumBatchingWindowInSeconds`,
  );
  checkGroupKeys(sub, topology, at, issues);
}

function checkMode(sub: SubscriptionDefinition, at: string, issues: Issues): boolean {
  const mode: unknown = sub.delivery?.mode;
  if (MODES.includes(mode as string)) return true;
  const fixed = /fifo|fixed|group|single|ordered/i.test(String(mode));
  issues.list.push({
    path: `${at}.delivery.mode`,
    message: fixed
      ? `a fixed message group is not a delivery mode: ${fixedGroupCost(sub.queue)}; use 'per-aggregate' (one group per aggregate: a poison change holds back only its own aggregate) or 'unordered'`
      : `expected 'per-aggregate' or 'unordered', got ${JSON.stringify(mode)}`,
  });
  return false;
}

/** Checks one subscription: its rule, delivery mode, queues, consumer and alarms. */
export function checkSubscription(
  sub: SubscriptionDefinition,
  topology: OutflowTopology,
  at: string,
  issues: Issues,
): void {
  issues.name(sub.name, `${at}.name`);
  checkRule(sub, `${at}.rule`, issues);
  if (checkMode(sub, at, issues)) checkPerAggregate(sub, topology, at, issues);
  checkQueue(sub.queue, `${at}.queue`, issues, sub.consumer.timeoutSeconds);
  checkConsumer(sub.consumer, `${at}.consumer`, issues);
  issues.range(
    sub.alarms.oldestMessageAgeSeconds,
    ALARM_LIMITS.oldestMessageAgeSeconds,
    `${at}.alarms.oldestMessageAgeSeconds`,
  );
  issues.range(sub.alarms.dlqDepthAbove, ALARM_LIMITS.dlqDepthAbove, `${at}.alarms.dlqDepthAbove`);
}
