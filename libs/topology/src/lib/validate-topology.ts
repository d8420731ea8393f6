import { compileInputTemplate, validateEventPattern } from '@outflow/event-patterns';
import { TopologyError } from './errors';
import {
  ALARM_LIMITS,
  ARCHIVE_RETENTION_DAYS,
  inRange,
  LAMBDA_LIMITS,
  PIPE_EVENT_SOURCE_LENGTH,
  PIPE_STREAM_LIMITS,
  RULE_MESSAGE_GROUP_ID,
  RULE_RETRY_LIMITS,
  SQS_LIMITS,
  VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT,
  type IntRange,
  type ValidationIssue,
} from '@outflow/core-domain';
import type { OutflowTopology, SourceDefinition, SubscriptionDefinition } from './topology.types';

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** Collects issues, each naming the bad field by its path and saying what is expected. */
class Issues {
  readonly list: ValidationIssue[] = [];

  check(ok: boolean, path: string, message: string): void {
    if (!ok) this.list.push({ path, message });
  }

  range(value: number, limits: IntRange, path: string, why = ''): void {
    this.check(
      inRange(value, limits),
      path,
      `expected an integer from ${limits.min} to ${limits.max}${why}, got ${String(value)}`,
    );
  }

  name(value: string, path: string): void {
    this.check(
      NAME.test(value),
      path,
      `expected lower-case letters, digits and dashes, got ${JSON.stringify(value)}`,
    );
  }

  pattern(pattern: Readonly<Record<string, unknown>>, path: string): void {
    const result = validateEventPattern(pattern);
    if (!result.ok) this.list.push({ path, message: result.error.message });
  }
}

function checkSource(source: SourceDefinition, at: string, issues: Issues): void {
  issues.name(source.name, `${at}.name`);
  const pipe = source.pipe;
  issues.range(pipe.batchSize, PIPE_STREAM_LIMITS.batchSize, `${at}.pipe.batchSize`);
  issues.range(
    pipe.maximumBatchingWindowInSeconds,
    PIPE_STREAM_LIMITS.maximumBatchingWindowInSeconds,
    `${at}.pipe.maximumBatchingWindowInSeconds`,
  );
  issues.range(
    pipe.maximumRetryAttempts,
    PIPE_STREAM_LIMITS.maximumRetryAttempts,
    `${at}.pipe.maximumRetryAttempts`,
    ' (finite: -1 would retry until the record expires and block the shard)',
  );
  issues.range(
    pipe.maximumRecordAgeInSeconds,
    PIPE_STREAM_LIMITS.maximumRecordAgeInSeconds,
    `${at}.pipe.maximumRecordAgeInSeconds`,
    ' (finite: never -1)',
  );
  issues.check(
    inRange(pipe.eventSource.length, PIPE_EVENT_SOURCE_LENGTH),
    `${at}.pipe.eventSource`,
    `expected ${PIPE_EVENT_SOURCE_LENGTH.min}–${PIPE_EVENT_SOURCE_LENGTH.max} characters`,
  );
  issues.pattern(pipe.filterPattern, `${at}.pipe.filterPattern`);
  try {
    compileInputTemplate(pipe.inputTemplate);
  } catch (error) {
    issues.list.push({ path: `${at}.pipe.inputTemplate`, message: (error as Error).message });
  }
}

function checkRule(rule: SubscriptionDefinition['rule'], at: string, issues: Issues): void {
  issues.pattern(rule.eventPattern, `${at}.eventPattern`);
  const groupId = rule.messageGroupId;
  issues.check(
    RULE_MESSAGE_GROUP_ID.test(groupId) && !groupId.startsWith('$.'),
    `${at}.messageGroupId`,
    groupId.startsWith('$.')
      ? `an EventBridge rule target takes a fixed MessageGroupId, not a JSON path (AWS would send ${JSON.stringify(groupId)} literally); give a fixed name`
      : `expected 1–100 printable ASCII characters, got ${JSON.stringify(groupId)}`,
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

function checkQueueAndConsumer(sub: SubscriptionDefinition, at: string, issues: Issues): void {
  const { queue, consumer } = sub;
  issues.range(
    consumer.batchSize,
    LAMBDA_LIMITS.fifoBatchSize,
    `${at}.consumer.batchSize`,
    ' (SQS FIFO event sources take at most 10)',
  );
  issues.range(consumer.timeoutSeconds, LAMBDA_LIMITS.timeoutSeconds, `${at}.consumer.timeoutSeconds`);
  issues.range(
    queue.visibilityTimeoutSeconds,
    SQS_LIMITS.visibilityTimeoutSeconds,
    `${at}.queue.visibilityTimeoutSeconds`,
  );
  const minimum = VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT * consumer.timeoutSeconds;
  issues.check(
    queue.visibilityTimeoutSeconds >= minimum,
    `${at}.queue.visibilityTimeoutSeconds`,
    `expected at least ${VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT} × consumer.timeoutSeconds (${minimum}), got ${queue.visibilityTimeoutSeconds}`,
  );
  issues.range(
    queue.messageRetentionSeconds,
    SQS_LIMITS.messageRetentionSeconds,
    `${at}.queue.messageRetentionSeconds`,
  );
  issues.range(
    queue.maxReceiveCount,
    SQS_LIMITS.maxReceiveCount,
    `${at}.queue.maxReceiveCount`,
    ' (finite, so a poison message reaches the DLQ)',
  );
}

function checkSubscription(sub: SubscriptionDefinition, at: string, issues: Issues): void {
  issues.name(sub.name, `${at}.name`);
  checkRule(sub.rule, `${at}.rule`, issues);
  checkQueueAndConsumer(sub, at, issues);
  issues.range(
    sub.alarms.oldestMessageAgeSeconds,
    ALARM_LIMITS.oldestMessageAgeSeconds,
    `${at}.alarms.oldestMessageAgeSeconds`,
  );
  issues.range(sub.alarms.dlqDepthAbove, ALARM_LIMITS.dlqDepthAbove, `${at}.alarms.dlqDepthAbove`);
}

function checkUnique(
  names: readonly string[],
  at: (i: number) => string,
  kind: string,
  issues: Issues,
): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    issues.check(!seen.has(name), at(i), `duplicate ${kind} ${name}`);
    seen.add(name);
  });
}

/** An app's source resources are named after the app (`<service>-<stage>-outbox-pipe`): one per app. */
function checkOneSourcePerApp(sources: readonly SourceDefinition[], issues: Issues): void {
  const owner = new Map<string, string>();
  sources.forEach((source, i) => {
    const other = owner.get(source.app);
    issues.check(
      other === undefined,
      `sources[${i}].app`,
      `app ${source.app} already owns source ${String(other)}: an app owns one table and its one Pipe; give this source its own app`,
    );
    owner.set(source.app, source.name);
  });
}

/**
 * Checks a topology against the limits AWS enforces (core-domain `aws-limits.ts`, with their sources) and the
 * rules Outflow needs (finite retries and record age, a DLQ behind every queue, patterns and
 * templates that compile). Returns it unchanged, or throws TopologyError naming every bad field.
 */
export function validateTopology(topology: OutflowTopology): OutflowTopology {
  const issues = new Issues();
  issues.name(topology.bus.name, 'bus.name');
  issues.range(topology.bus.archive.retentionDays, ARCHIVE_RETENTION_DAYS, 'bus.archive.retentionDays');
  issues.check(topology.sources.length > 0, 'sources', 'expected at least one source');
  issues.check(topology.subscriptions.length > 0, 'subscriptions', 'expected at least one subscription');
  topology.sources.forEach((source, i) => checkSource(source, `sources[${i}]`, issues));
  checkUnique(
    topology.sources.map((s) => s.name),
    (i) => `sources[${i}].name`,
    'source',
    issues,
  );
  checkOneSourcePerApp(topology.sources, issues);
  topology.subscriptions.forEach((sub, i) => checkSubscription(sub, `subscriptions[${i}]`, issues));
  checkUnique(
    topology.subscriptions.map((s) => s.name),
    (i) => `subscriptions[${i}].name`,
    'subscription',
    issues,
  );
  if (issues.list.length > 0) throw new TopologyError('topology', issues.list);
  return topology;
}
