import {
  AGGREGATE_TYPE_PATTERN,
  ARCHIVE_RETENTION_DAYS,
  EVENT_LIMITS,
  inRange,
  PIPE_EVENT_SOURCE_LENGTH,
  PIPE_STREAM_LIMITS,
} from '@outflow/core-domain';
import { compileInputTemplate } from '@outflow/event-patterns';
import { TopologyError } from './errors';
import type { OutflowTopology, SourceDefinition } from './topology.types';
import { checkSubscription } from './validate-subscription';
import { Issues } from './validation-issues';

function checkSourcePipe(pipe: SourceDefinition['pipe'], at: string, issues: Issues): void {
  issues.range(pipe.batchSize, PIPE_STREAM_LIMITS.batchSize, `${at}.batchSize`);
  issues.range(
    pipe.maximumBatchingWindowInSeconds,
    PIPE_STREAM_LIMITS.maximumBatchingWindowInSeconds,
    `${at}.maximumBatchingWindowInSeconds`,
  );
  issues.range(
    pipe.maximumRetryAttempts,
    PIPE_STREAM_LIMITS.maximumRetryAttempts,
    `${at}.maximumRetryAttempts`,
    ' (finite: -1 would retry until the record expires and block the shard)',
  );
  issues.range(
    pipe.maximumRecordAgeInSeconds,
    PIPE_STREAM_LIMITS.maximumRecordAgeInSeconds,
    `${at}.maximumRecordAgeInSeconds`,
    ' (finite: never -1)',
  );
  issues.check(
    inRange(pipe.eventSource.length, PIPE_EVENT_SOURCE_LENGTH),
    `${at}.eventSource`,
    `expected ${PIPE_EVENT_SOURCE_LENGTH.min}–${PIPE_EVENT_SOURCE_LENGTH.max} characters`,
  );
  issues.pattern(pipe.filterPattern, `${at}.filterPattern`);
  try {
    compileInputTemplate(pipe.inputTemplate);
  } catch (error) {
    issues.list.push({ path: `${at}.inputTemplate`, message: (error as Error).message });
  }
}

function checkSource(source: SourceDefinition, at: string, issues: Issues): void {
  issues.name(source.name, `${at}.name`);
  const type = source.aggregateType;
  issues.check(
    AGGREGATE_TYPE_PATTERN.test(type) && type.length <= EVENT_LIMITS.aggregateType,
    `${at}.aggregateType`,
    `expected at most ${EVENT_LIMITS.aggregateType} characters: a letter, then letters, digits, "_", "." or "-" (what parseOutboxEvent accepts), got ${JSON.stringify(type)}`,
  );
  checkSourcePipe(source.pipe, `${at}.pipe`, issues);
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
 * rules Outflow needs: finite retries and record age, a DLQ behind every queue, patterns and
 * templates that compile, a delivery mode per subscription (`per-aggregate` or `unordered`; a
 * fixed message group is refused, saying why), message group and deduplication ids that fit SQS
 * for every aggregate type a per-aggregate subscription receives (from `EVENT_LIMITS` of
 * `@outflow/core-domain`), and consumer concurrency within Lambda's range and the reserved
 * concurrency. Returns the topology unchanged, or throws TopologyError naming every bad field by
 * its path (e.g. `subscriptions[0].consumer.maximumConcurrency`) and what to do.
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
  topology.subscriptions.forEach((sub, i) => checkSubscription(sub, topology, `subscriptions[${i}]`, issues));
  checkUnique(
    topology.subscriptions.map((s) => s.name),
    (i) => `subscriptions[${i}].name`,
    'subscription',
    issues,
  );
  if (issues.list.length > 0) throw new TopologyError('topology', issues.list);
  return topology;
}
