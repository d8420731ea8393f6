import { stringifyExactJson } from '@outflow/core-domain';
import type { BusEvent } from '../bus/event-bus';
import type { PipeRecord } from '../pipe/local-pipe';
import type { NewDeadLetter } from './dead-letter-queue';

/** What a queue's redrive policy moves: the message as it was (see `LocalQueue`'s dead-letter payload). */
export interface QueueDeadLetterPayload {
  readonly messageId: string;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly receiveCount: number;
  readonly body: string;
}

/** A message moved by a queue's redrive policy: its body, group, deduplication id and receive count. */
export const queueDeadLetter = (payload: QueueDeadLetterPayload, reason: string): NewDeadLetter => ({
  body: payload.body,
  messageAttributes: {},
  ...(payload.groupId === undefined ? {} : { groupId: payload.groupId }),
  ...(payload.deduplicationId === undefined ? {} : { deduplicationId: payload.deduplicationId }),
  receiveCount: payload.receiveCount,
  reason,
});

/**
 * What EventBridge sends to a rule target's DLQ: the event as the body, and the error as message
 * attributes `ERROR_CODE`, `ERROR_MESSAGE`, `EXHAUSTED_RETRY_CONDITION`, `RETRY_ATTEMPTS`,
 * `RULE_ARN`, `TARGET_ARN` (EventBridge User Guide, "Using dead-letter queues to process
 * undelivered events", eb-rule-dlq.html).
 */
export const ruleDeadLetter = (
  event: BusEvent,
  reason: string,
  rule: { readonly arn: string; readonly targetArn: string; readonly retryAttempts: number },
): NewDeadLetter => ({
  body: stringifyExactJson(event) as string,
  messageAttributes: {
    ERROR_CODE: 'SQSError',
    ERROR_MESSAGE: reason,
    EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
    RETRY_ATTEMPTS: String(rule.retryAttempts),
    RULE_ARN: rule.arn,
    TARGET_ARN: rule.targetArn,
  },
  receiveCount: 0,
  reason,
});

/**
 * Where failed stream records are: the `DDBStreamBatchInfo` a stream-source Pipe (like a Lambda
 * event source mapping's on-failure destination) sends to its DLQ instead of the records — the
 * shard, the first and last sequence numbers, the approximate arrival of both, the batch size and
 * the stream's ARN (EventBridge Pipes error handling, eb-pipes-error-troubleshooting.html; the
 * records themselves must be read from the stream while it keeps them, 24 h).
 */
export interface StreamBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly approximateArrivalOfFirstRecord: string;
  readonly approximateArrivalOfLastRecord: string;
  readonly batchSize: number;
  readonly streamArn: string;
}

/** The body of a Pipe DLQ message. */
export interface PipeDeadLetterBody {
  readonly context: { readonly partnerResourceArn: string; readonly condition: string };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: StreamBatchInfo;
}

const arrival = (record: PipeRecord): string => {
  const seconds = record.dynamodb.ApproximateCreationDateTime;
  return new Date(typeof seconds === 'number' ? seconds * 1000 : Date.now())
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
};

/** One failed stream record as the Pipe's DLQ gets it: its location, not its data. */
export const pipeDeadLetter = (
  record: PipeRecord,
  reason: string,
  where: { readonly pipeArn: string; readonly streamArn: string; readonly shardId: string },
): NewDeadLetter => {
  const sequenceNumber = String(record.dynamodb.SequenceNumber ?? '');
  const body: PipeDeadLetterBody = {
    context: {
      partnerResourceArn: where.pipeArn,
      condition: reason.startsWith('record older than') ? 'RecordAgeExceeded' : 'RetryAttemptsExhausted',
    },
    version: '1.0',
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId: where.shardId,
      startSequenceNumber: sequenceNumber,
      endSequenceNumber: sequenceNumber,
      approximateArrivalOfFirstRecord: arrival(record),
      approximateArrivalOfLastRecord: arrival(record),
      batchSize: 1,
      streamArn: where.streamArn,
    },
  };
  return { body: stringifyExactJson(body) as string, messageAttributes: {}, receiveCount: 0, reason };
};
