import type { MessageOutcome, RawMessage } from '@outflow/core-application';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { publishBatchItemFailure, publishBatchProcessed } from './batch-item-failures';
import { jsonLogger, type Logger } from './logger';

/** The use case a queue consumer drives (`ApplyChanges` or anything with its shape). */
export interface BatchUseCase {
  execute(input: { readonly messages: readonly RawMessage[] }): Promise<readonly MessageOutcome[]>;
}

export interface SqsApplyHandlerOptions {
  /** @default jsonLogger */
  readonly logger?: Logger;
}

export type SqsApplyHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * Builds the Lambda handler for an SQS (FIFO) queue of changes: each record becomes a message
 * (its FIFO group from `attributes.MessageGroupId`), the use case returns one outcome per message,
 * and failed ones are reported as `batchItemFailures` (needs `functionResponseType:
 * ReportBatchItemFailures`), so only they are delivered again.
 *
 * `useCase` may be a provider, resolved once on first use (e.g. after reading a secret).
 */
export function createSqsApplyHandler(
  useCase: BatchUseCase | (() => Promise<BatchUseCase>),
  options: SqsApplyHandlerOptions = {},
): SqsApplyHandler {
  const logger = options.logger ?? jsonLogger;
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
    const outcomes = await (await resolve()).execute({ messages });
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    const counts = { applied: 0, stale: 0, duplicate: 0, failed: 0 };
    for (const { messageId, eventId, outcome } of outcomes) {
      counts[outcome.kind] += 1;
      if (outcome.kind !== 'failed') continue;
      batchItemFailures.push({ itemIdentifier: messageId });
      logger.warn('change not applied', { messageId, eventId, reason: outcome.reason });
      publishBatchItemFailure({ messageId, reason: outcome.reason, ...(eventId ? { eventId } : {}) });
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
