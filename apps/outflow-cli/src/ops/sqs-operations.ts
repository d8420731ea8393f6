import {
  ChangeMessageVisibilityBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sleep } from '@outflow/core-application';
import { OutflowError, PAYLOAD_LIMITS } from '@outflow/core-domain';

/** SQS refused to take messages; the message names the queue, the entry and SQS's code. @public */
export class QueueSendFailedError extends OutflowError {
  readonly code = 'QUEUE_SEND_FAILED';
}

/** SendMessageBatch takes at most 10 entries ("SendMessageBatch": up to 10 messages per call). */
const BATCH_ENTRIES = 10;
/** Tries per entry that failed for SQS's own reasons (`SenderFault: false`: throttling, internal errors). */
const TRIES = 5;

/** Splits bodies into SendMessageBatch requests: ≤ 10 entries and ≤ the 1 MiB payload each. @internal Exported for its spec. */
export function sendBatches(bodies: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = Buffer.byteLength(body, 'utf8');
    if (
      current.length === BATCH_ENTRIES ||
      (current.length > 0 && bytes + size > PAYLOAD_LIMITS.sqsMessage)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Sends bodies to a standard queue with SendMessageBatch. An entry that fails with
 * `SenderFault: false` (SQS's side) is sent again with backoff, up to 5 tries; one that fails
 * with `SenderFault: true` (the request's fault: too large, invalid characters) stops the send.
 * ("BatchResultErrorEntry": `SenderFault` "specifies whether the error happened due to the
 * caller of the batch API action", https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_BatchResultErrorEntry.html)
 *
 * @throws QueueSendFailedError naming the queue, the entry's code and message.
 */
export async function sendToQueue(
  client: SQSClient,
  queueUrl: string,
  bodies: readonly string[],
): Promise<void> {
  for (const batch of sendBatches(bodies)) {
    let pending = batch.map((body, index) => ({ Id: String(index), MessageBody: body }));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const answer = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      const failed = answer.Failed ?? [];
      const fatal = failed.find((f) => f.SenderFault === true || attempt >= TRIES);
      if (fatal)
        throw new QueueSendFailedError(
          `SQS refused a message for ${queueUrl}${fatal.SenderFault ? '' : ` after ${TRIES} tries`}: ${fatal.Code ?? 'error'} ${fatal.Message ?? ''}`.trim(),
        );
      const again = new Set(failed.map((f) => f.Id));
      pending = pending.filter((entry) => again.has(entry.Id));
      if (pending.length > 0) await sleep(Math.min(5000, 100 * 2 ** attempt));
    }
  }
}

/** A message peeked in a queue. */
export interface PeekedMessage {
  readonly messageId: string;
  readonly body: string;
}

/**
 * Reads every message of a queue without consuming it: ReceiveMessage (10 at a time, each hidden
 * for `hideSeconds` so the next receive returns others) until a receive returns none, then
 * ChangeMessageVisibilityBatch to 0 so they are visible again at once. Meant for DLQs (no
 * consumer, and no redrive policy counting receives). A message another reader holds is not seen.
 */
export async function peekQueue(
  client: SQSClient,
  queueUrl: string,
  hideSeconds = 30,
): Promise<PeekedMessage[]> {
  const seen: PeekedMessage[] = [];
  const receipts: string[] = [];
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: BATCH_ENTRIES,
        VisibilityTimeout: hideSeconds,
        // Long polling asks every SQS server; a short poll samples some and may answer empty while messages wait.
        WaitTimeSeconds: 1,
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) {
      seen.push({ messageId: message.MessageId ?? '', body: message.Body ?? '' });
      if (message.ReceiptHandle) receipts.push(message.ReceiptHandle);
    }
  }
  for (let i = 0; i < receipts.length; i += BATCH_ENTRIES)
    await client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: receipts.slice(i, i + BATCH_ENTRIES).map((ReceiptHandle, index) => ({
          Id: String(index),
          ReceiptHandle,
          VisibilityTimeout: 0,
        })),
      }),
    );
  return seen;
}
