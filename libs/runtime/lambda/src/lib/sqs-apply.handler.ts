import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MessageOutcome, RawMessage } from '@outflow/core-application';
import { CHANGE_AGE_METRIC, changeCommittedAtMs } from '@outflow/core-domain';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { publishBatchItemFailure, publishBatchProcessed } from './batch-item-failures';
import { deadLetterSenderFromEnvironment, type DeadLetterSender } from './dead-letters';
import { jsonLogger, type Logger } from './logger';

/** The use case a queue consumer drives (`ApplyChanges` or anything with its shape). */
export interface BatchUseCase {
  execute(input: { readonly messages: readonly RawMessage[] }): Promise<readonly MessageOutcome[]>;
}

export interface SqsApplyHandlerOptions {
  /** @default jsonLogger */
  readonly logger?: Logger;
  /**
   * Where the lag metric goes (Powertools Metrics, embedded metric format on stdout).
   * @default new Metrics({ namespace: CHANGE_AGE_METRIC.namespace }): the service dimension from
   *   `POWERTOOLS_SERVICE_NAME` (the topology's `consumerEnvironment` sets the subscription's name);
   *   `POWERTOOLS_METRICS_DISABLED=true` turns it off (`npm start` and the tests do).
   */
  readonly metrics?: Metrics;
  /** @default Date.now */
  readonly now?: () => number;
  /**
   * Where permanent failures (oversized, malformed: `outcome.permanent`) go at once; `null` turns
   * that off (they are retried until the queue's `maxReceiveCount`, as transient ones are).
   * @default deadLetterSenderFromEnvironment() (SQS to `OUTFLOW_DEAD_LETTER_QUEUE_URL`, if set)
   */
  readonly deadLetters?: DeadLetterSender | null;
}

type Outcome = MessageOutcome['outcome'];

/**
 * Sends a permanently failed message to the DLQ; true when it is there (the record may then be
 * acknowledged), false when it must take the retry path (no sender, or the send failed).
 */
const deadLetter = async (
  sender: DeadLetterSender | undefined,
  message: RawMessage,
  outcome: Extract<Outcome, { kind: 'failed' }>,
  eventId: string | undefined,
  logger: Logger,
): Promise<boolean> => {
  if (!sender || !outcome.permanent) return false;
  try {
    await sender.send({ ...message, reason: outcome.reason, ...(eventId ? { eventId } : {}) });
    logger.warn('change dead-lettered', { messageId: message.messageId, eventId, reason: outcome.reason });
    return true;
  } catch (error) {
    logger.error('dead letter not sent; the message will be retried', {
      messageId: message.messageId,
      error: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
};

/**
 * Adds one `ChangeAge` value per message that says when its change was committed
 * (`approximateCreationDateTime`), in seconds, and publishes them as one EMF document.
 * Publishing never fails the batch: a metric is not worth redelivering changes.
 */
const publishChangeAges = (metrics: Metrics, messages: readonly RawMessage[], now: number): void => {
  try {
    for (const { body } of messages) {
      const committedAt = changeCommittedAtMs(body);
      if (committedAt === undefined) continue;
      metrics.addMetric(CHANGE_AGE_METRIC.name, MetricUnit.Seconds, Math.max(0, now - committedAt) / 1000);
    }
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  } catch {
    // Powertools only logs on bad metrics; nothing here may cost the batch.
  }
};

export type SqsApplyHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * Builds the Lambda handler for an SQS (FIFO) queue of changes: each record becomes a message
 * (its FIFO group from `attributes.MessageGroupId`), the use case returns one outcome per message,
 * and failed ones are reported as `batchItemFailures` (needs `functionResponseType:
 * ReportBatchItemFailures`), so only they are delivered again. A PERMANENT failure (oversized or
 * malformed: `outcome.permanent`) is instead sent at once to the queue's DLQ with its reason
 * ({@link DeadLetterSender}) and acknowledged, so it does not block its FIFO group for
 * `maxReceiveCount` × the visibility timeout; if that send fails it is retried like any failure. Before applying, it publishes each
 * change's age (now − its stream record's `ApproximateCreationDateTime`) as the `ChangeAge` metric
 * ({@link CHANGE_AGE_METRIC}): the lag, since Pipes publish no iterator age.
 *
 * `useCase` may be a provider, resolved once on first use (e.g. after reading a secret).
 */
export function createSqsApplyHandler(
  useCase: BatchUseCase | (() => Promise<BatchUseCase>),
  options: SqsApplyHandlerOptions = {},
): SqsApplyHandler {
  const logger = options.logger ?? jsonLogger;
  const metrics = options.metrics ?? new Metrics({ namespace: CHANGE_AGE_METRIC.namespace });
  const now = options.now ?? Date.now;
  const deadLetters =
    options.deadLetters === null ? undefined : (options.deadLetters ?? deadLetterSenderFromEnvironment());
  let resolved: Promise<BatchUseCase> | undefined;
  const resolve = () => {
    resolved ??= typeof useCase === 'function' ? useCase() : Promise.resolve(useCase);
    resolved.catch(() => (resolved = undefined));
    return resolved;
  };

  return async (event) => {
    const messages: RawMessage[] = event.Records.map((record) => ({
      messageId: record.messageId,
      body: record.body,
      ...(record.attributes?.MessageGroupId ? { groupId: record.attributes.MessageGroupId } : {}),
    }));
    publishChangeAges(metrics, messages, now());
    const outcomes = await (await resolve()).execute({ messages });
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    const counts = { applied: 0, stale: 0, duplicate: 0, failed: 0, deadLettered: 0 };
    const byId = new Map(messages.map((m) => [m.messageId, m]));
    for (const { messageId, eventId, outcome } of outcomes) {
      if (outcome.kind !== 'failed') {
        counts[outcome.kind] += 1;
        continue;
      }
      const message = byId.get(messageId);
      if (message && (await deadLetter(deadLetters, message, outcome, eventId, logger))) {
        counts.deadLettered += 1;
        continue;
      }
      counts.failed += 1;
      batchItemFailures.push({ itemIdentifier: messageId });
      logger.warn('change not applied', { messageId, eventId, reason: outcome.reason });
      publishBatchItemFailure({
        messageId,
        reason: outcome.reason,
        ...(eventId ? { eventId } : {}),
        ...(outcome.permanent ? { permanent: true } : {}),
      });
    }
    logger.info('batch processed', { records: messages.length, ...counts });
    publishBatchProcessed({
      records: messages.length,
      ...counts,
      messageIds: messages.map((m) => m.messageId),
    });
    return { batchItemFailures };
  };
}
