import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CHANGE_AGE_METRIC } from '@outflow/core-domain';
import type { RuntimeStats } from '@outflow/runtime-local';
import { type CliIo, EXIT_OK } from '../cli/command';
import { controlClientFor } from '../control/control-client';
import type { StatusResponse } from '../control/control-protocol';
import { awsClientConfig } from '../ops/aws-clients';
import type { OpsEnvironment } from '../ops/environment';
import { opsCommand } from '../ops/ops-command';
import { COMMON_OPS_USAGE, type OpsOptions } from '../ops/options';
import type { OpsQueue, OpsTarget } from '../ops/targets';

const usage = `Usage: outflow status --target <subscription>|all [options]

Where each source and subscription stands, now. Per source: stream records read, put on the bus,
filtered out, and its Pipe's DLQ. Per subscription: the lag, its queues' depth and oldest message,
the batches in flight, each DLQ's depth and the last error.
  local  from the running \`npm start\` (its control API): lag = the age of the oldest message
         waiting in the subscription's queues; the last error = the reason of its newest dead letter
  AWS    SQS queue attributes (depth, in flight), CloudWatch: the age of the oldest message
         (AWS/SQS ApproximateAgeOfOldestMessage) and the lag — the consumers' ChangeAge metric
         (now − the change's commit time; Pipes publish no iterator age), maximum of the last 5 minutes

Options:
${COMMON_OPS_USAGE}

Exit codes: 0 printed, 1 failed, 2 bad usage.`;

/** One subscription's status, in either mode. */
interface SubscriptionStatus {
  readonly subscription: string;
  readonly mode: string;
  /** Seconds, or undefined when unknown (no metric datapoint). */
  readonly lagSeconds?: number;
  readonly queues: readonly { name: string; depth: number; inFlight?: number; oldestSeconds?: number }[];
  readonly inFlightBatches?: number;
  readonly maximumConcurrency: number;
  readonly deadLetterQueues: readonly { name: string; depth: number }[];
  readonly lastError?: string;
}

/** @internal What `status` prints (awsStatus' answer, read by its spec). */
export interface StatusReport {
  readonly at: string;
  readonly where: string;
  readonly sources: readonly {
    source: string;
    read?: number;
    toBus?: number;
    filteredOut?: number;
    deadLetterQueue: { name: string; depth: number } | undefined;
  }[];
  readonly subscriptions: readonly SubscriptionStatus[];
}

/** The local report from the control API's `/status`. */
function localStatus(answer: StatusResponse, names: readonly string[], where: string): StatusReport {
  const stats: RuntimeStats = answer.stats;
  const dlqs = stats.deadLetterQueues;
  return {
    at: answer.at,
    where,
    sources: Object.entries(stats.sources).map(([source, pipe]) => ({
      source,
      read: pipe.read,
      toBus: pipe.sent,
      filteredOut: pipe.filteredOut,
      deadLetterQueue: dlqs.find((q) => q.kind === 'pipe' && q.source === `${source}-pipe`),
    })),
    subscriptions: names.map((name) => {
      const s = stats.subscriptions[name];
      if (!s) throw new Error(`npm start runs no subscription ${name}`);
      const perAggregate = s.mode === 'per-aggregate';
      return {
        subscription: name,
        mode: s.mode,
        lagSeconds: s.oldestAgeMs / 1000,
        queues: [
          ...(perAggregate ? [{ name: `${name}-buffer`, depth: s.bufferDepth ?? 0 }] : []),
          { name: perAggregate ? `${name}.fifo` : name, depth: s.depth },
        ],
        inFlightBatches: s.inFlightBatches,
        maximumConcurrency: s.maximumConcurrency,
        deadLetterQueues: dlqs
          .filter((q) => q.subscription === name)
          .map((q) => ({ name: q.name, depth: q.depth })),
        ...(answer.lastError[name] ? { lastError: answer.lastError[name] } : {}),
      };
    }),
  };
}

const number = (value: string | undefined) => Number(value ?? 0);

async function queueStatus(sqs: SQSClient, queue: OpsQueue) {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queue.url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    name: queue.name,
    depth:
      number(Attributes.ApproximateNumberOfMessages) +
      number(Attributes.ApproximateNumberOfMessagesNotVisible),
    inFlight: number(Attributes.ApproximateNumberOfMessagesNotVisible),
  };
}

/**
 * The maxima of the last 5 minutes: each queue's ApproximateAgeOfOldestMessage and the
 * subscription's ChangeAge (namespace Outflow, dimension service = the subscription).
 */
async function metricMaxima(
  cloudwatch: CloudWatchClient,
  target: OpsTarget,
  queues: readonly OpsQueue[],
  now: Date,
) {
  const queries = [
    {
      Id: 'lag',
      MetricStat: {
        Metric: {
          Namespace: CHANGE_AGE_METRIC.namespace,
          MetricName: CHANGE_AGE_METRIC.name,
          Dimensions: [{ Name: CHANGE_AGE_METRIC.dimension, Value: target.subscription.name }],
        },
        Period: 60,
        Stat: 'Maximum',
      },
    },
    ...queues.map((q, i) => ({
      Id: `q${i}`,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateAgeOfOldestMessage',
          Dimensions: [{ Name: 'QueueName', Value: q.name }],
        },
        Period: 60,
        Stat: 'Maximum',
      },
    })),
  ];
  const { MetricDataResults = [] } = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(now.getTime() - 300_000),
      EndTime: now,
      MetricDataQueries: queries,
    }),
  );
  const max = (id: string) => {
    const values = MetricDataResults.find((r) => r.Id === id)?.Values ?? [];
    return values.length > 0 ? Math.max(...values) : undefined;
  };
  return { lag: max('lag'), oldest: queues.map((_, i) => max(`q${i}`)) };
}

/**
 * The AWS report: SQS attributes and CloudWatch maxima per subscription.
 *
 * @internal Exported for its spec (against moto).
 */
export async function awsStatus(
  targets: readonly OpsTarget[],
  where: string,
  sqs: SQSClient,
  cloudwatch: CloudWatchClient,
  now = new Date(),
): Promise<StatusReport> {
  const subscriptions: SubscriptionStatus[] = [];
  for (const target of targets) {
    const definition = target.subscription;
    const queues =
      target.entryQueue.name === target.consumerQueue.name
        ? [target.consumerQueue]
        : [target.entryQueue, target.consumerQueue];
    const { lag, oldest } = await metricMaxima(cloudwatch, target, queues, now);
    const queueStatuses = await Promise.all(queues.map((q) => queueStatus(sqs, q)));
    subscriptions.push({
      subscription: definition.name,
      mode: definition.delivery.mode,
      ...(lag === undefined ? {} : { lagSeconds: lag }),
      queues: queueStatuses.map((q, i) => ({
        ...q,
        ...(oldest[i] === undefined ? {} : { oldestSeconds: oldest[i] }),
      })),
      maximumConcurrency: definition.consumer.maximumConcurrency,
      deadLetterQueues: await Promise.all(
        target.deadLetterQueues.map(async (q) => ({
          name: q.name,
          depth: (await queueStatus(sqs, q)).depth,
        })),
      ),
    });
  }
  return { at: now.toISOString(), where, sources: [], subscriptions };
}

const seconds = (value: number | undefined) => (value === undefined ? 'unknown' : `${value.toFixed(1)} s`);

/**
 * The report as text, one line per source and per subscription (the README shows it).
 *
 * @internal Exported for the AWS-mode spec.
 */
export function formatStatus(report: StatusReport): string {
  return [
    `outflow status — ${report.where}, at ${report.at}`,
    ...report.sources.map(
      (s) =>
        `source ${s.source}: read ${s.read ?? '?'} · to bus ${s.toBus ?? '?'} · filtered out ${s.filteredOut ?? '?'}${s.deadLetterQueue ? ` · Pipe DLQ ${s.deadLetterQueue.name} ${s.deadLetterQueue.depth}` : ''}`,
    ),
    ...report.subscriptions.map((s) =>
      [
        `${s.subscription} (${s.mode}): lag ${seconds(s.lagSeconds)}`,
        ...s.queues.map(
          (q) =>
            `${q.name} ${q.depth}${q.oldestSeconds === undefined ? '' : ` (oldest ${seconds(q.oldestSeconds)})`}`,
        ),
        `in flight ${s.inFlightBatches ?? s.queues.at(-1)?.inFlight ?? '?'}${s.inFlightBatches === undefined ? ' messages' : `/${s.maximumConcurrency} batches`}`,
        `DLQs ${s.deadLetterQueues.map((q) => `${q.name} ${q.depth}`).join(', ')}`,
        `last error: ${s.lastError ?? 'none'}`,
      ].join(' · '),
    ),
  ].join('\n');
}

async function run(
  options: OpsOptions<Record<string, unknown>>,
  environment: OpsEnvironment,
  io: CliIo,
): Promise<number> {
  const mode = environment.mode;
  let report: StatusReport;
  if (mode.kind === 'local') {
    const answer = await controlClientFor(mode.dataDir as string).status();
    report = localStatus(
      answer,
      options.targets.map((t) => t.name),
      environment.describe,
    );
  } else {
    const sqs = new SQSClient(awsClientConfig(mode));
    const cloudwatch = new CloudWatchClient(awsClientConfig(mode));
    try {
      const targets = options.targets.map((t) => environment.target(t));
      report = await awsStatus(targets, environment.describe, sqs, cloudwatch);
    } finally {
      sqs.destroy();
      cloudwatch.destroy();
    }
  }
  io.out(options.json ? JSON.stringify(report, null, 2) : formatStatus(report));
  return EXIT_OK;
}

/** `outflow status`: lag, queue depths, in-flight batches, DLQ depths and the last error, per subscription. */
export const statusCommand = opsCommand({
  name: 'status',
  summary: 'lag, queue depths, in-flight batches, DLQ depths and last error per source and subscription',
  usage,
  flags: {},
  run,
});
