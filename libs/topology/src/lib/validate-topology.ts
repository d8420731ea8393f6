import type { ValidationIssue } from '@outflow/core-domain';
import { compileInputTemplate, validateEventPattern } from '@outflow/event-patterns';
import { TopologyError } from './errors';
import type { OutflowTopology } from './topology.types';

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Checks a topology against the limits AWS enforces and the rules Outflow needs (finite retries
 * and record age, a DLQ behind every queue, patterns and templates that compile). Returns it
 * unchanged, or throws TopologyError naming every bad field.
 */
export function validateTopology(topology: OutflowTopology): OutflowTopology {
  const issues: ValidationIssue[] = [];
  const check = (ok: boolean, path: string, message: string) => {
    if (!ok) issues.push({ path, message });
  };
  const range = (value: number, min: number, max: number, path: string, why = '') =>
    check(
      Number.isInteger(value) && value >= min && value <= max,
      path,
      `expected an integer from ${min} to ${max}${why}, got ${String(value)}`,
    );

  check(
    NAME.test(topology.bus.name),
    'bus.name',
    `expected lower-case letters, digits and dashes, got ${JSON.stringify(topology.bus.name)}`,
  );
  range(topology.bus.archive.retentionDays, 1, 3650, 'bus.archive.retentionDays');
  check(topology.sources.length > 0, 'sources', 'expected at least one source');
  check(topology.subscriptions.length > 0, 'subscriptions', 'expected at least one subscription');

  const seen = new Set<string>();
  topology.sources.forEach((source, i) => {
    const at = `sources[${i}]`;
    check(
      NAME.test(source.name),
      `${at}.name`,
      `expected lower-case letters, digits and dashes, got ${JSON.stringify(source.name)}`,
    );
    check(!seen.has(`source:${source.name}`), `${at}.name`, `duplicate source ${source.name}`);
    seen.add(`source:${source.name}`);
    const pipe = source.pipe;
    range(pipe.batchSize, 1, 10_000, `${at}.pipe.batchSize`);
    range(pipe.maximumBatchingWindowInSeconds, 0, 300, `${at}.pipe.maximumBatchingWindowInSeconds`);
    range(
      pipe.maximumRetryAttempts,
      0,
      10_000,
      `${at}.pipe.maximumRetryAttempts`,
      ' (finite: -1 would retry until the record expires and block the shard)',
    );
    range(
      pipe.maximumRecordAgeInSeconds,
      60,
      604_800,
      `${at}.pipe.maximumRecordAgeInSeconds`,
      ' (finite: never -1)',
    );
    check(
      pipe.eventSource.length > 0 && pipe.eventSource.length <= 256,
      `${at}.pipe.eventSource`,
      'expected 1–256 characters',
    );
    const pattern = validateEventPattern(pipe.filterPattern);
    if (!pattern.ok) issues.push({ path: `${at}.pipe.filterPattern`, message: pattern.error.message });
    try {
      compileInputTemplate(pipe.inputTemplate);
    } catch (error) {
      issues.push({ path: `${at}.pipe.inputTemplate`, message: (error as Error).message });
    }
  });

  topology.subscriptions.forEach((sub, i) => {
    const at = `subscriptions[${i}]`;
    check(
      NAME.test(sub.name),
      `${at}.name`,
      `expected lower-case letters, digits and dashes, got ${JSON.stringify(sub.name)}`,
    );
    check(!seen.has(`sub:${sub.name}`), `${at}.name`, `duplicate subscription ${sub.name}`);
    seen.add(`sub:${sub.name}`);
    const pattern = validateEventPattern(sub.rule.eventPattern);
    if (!pattern.ok) issues.push({ path: `${at}.rule.eventPattern`, message: pattern.error.message });
    check(
      /^[\x21-\x7e]{1,100}$/.test(sub.rule.messageGroupId) && !sub.rule.messageGroupId.startsWith('$.'),
      `${at}.rule.messageGroupId`,
      sub.rule.messageGroupId.startsWith('$.')
        ? `an EventBridge rule target takes a fixed MessageGroupId, not a JSON path (AWS would send ${JSON.stringify(sub.rule.messageGroupId)} literally); give a fixed name`
        : `expected 1–100 printable ASCII characters, got ${JSON.stringify(sub.rule.messageGroupId)}`,
    );
    range(sub.rule.maximumRetryAttempts, 0, 185, `${at}.rule.maximumRetryAttempts`);
    range(sub.rule.maximumEventAgeInSeconds, 60, 86_400, `${at}.rule.maximumEventAgeInSeconds`);
    range(
      sub.consumer.batchSize,
      1,
      10,
      `${at}.consumer.batchSize`,
      ' (SQS FIFO event sources take at most 10)',
    );
    range(sub.consumer.timeoutSeconds, 1, 900, `${at}.consumer.timeoutSeconds`);
    range(sub.queue.visibilityTimeoutSeconds, 0, 43_200, `${at}.queue.visibilityTimeoutSeconds`);
    check(
      sub.queue.visibilityTimeoutSeconds >= 6 * sub.consumer.timeoutSeconds,
      `${at}.queue.visibilityTimeoutSeconds`,
      `expected at least 6 × consumer.timeoutSeconds (${6 * sub.consumer.timeoutSeconds}), got ${sub.queue.visibilityTimeoutSeconds}`,
    );
    range(sub.queue.messageRetentionSeconds, 60, 1_209_600, `${at}.queue.messageRetentionSeconds`);
    range(
      sub.queue.maxReceiveCount,
      1,
      1000,
      `${at}.queue.maxReceiveCount`,
      ' (finite, so a poison message reaches the DLQ)',
    );
    range(sub.alarms.oldestMessageAgeSeconds, 60, 1_209_600, `${at}.alarms.oldestMessageAgeSeconds`);
    range(sub.alarms.dlqDepthAbove, 0, 1_000_000, `${at}.alarms.dlqDepthAbove`);
  });
  if (issues.length > 0) throw new TopologyError('topology', issues);
  return topology;
}
