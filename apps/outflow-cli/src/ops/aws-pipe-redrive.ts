import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { isRecord, parseExactJson, stringifyExactJson } from '@outflow/core-domain';
import {
  DynamoDbStreamReader,
  LocalPipe,
  readBatch,
  type PutEventsEntry,
  type StreamBatchInfo,
} from '@outflow/runtime-local';
import type { SourceDefinition } from '@outflow/topology';
import type { DlqView } from './dead-letter-queues';
import type { ProgressReporter } from './progress';

/** What the redrive of a Pipe's DLQ needs on AWS. */
export interface AwsPipeRedriveContext {
  readonly sqs: SQSClient;
  readonly eventBridge: EventBridgeClient;
  /** Settings for the DynamoDB Streams client (Region, profile). */
  readonly clientConfig: Record<string, unknown>;
  readonly busArn: string;
  readonly source: SourceDefinition;
}

/** PutEvents to the bus; a partly failed call is an error (the Pipe logic retries the batch, then bisects). */
const putEventsOn =
  (client: EventBridgeClient, busArn: string) =>
  async (entries: readonly PutEventsEntry[]): Promise<void> => {
    const answer = await client.send(
      new PutEventsCommand({
        Entries: entries.map((e) => ({
          EventBusName: busArn,
          Source: e.source,
          DetailType: e.detailType,
          Detail: typeof e.detail === 'string' ? e.detail : (stringifyExactJson(e.detail) as string),
        })),
      }),
    );
    if ((answer.FailedEntryCount ?? 0) > 0) {
      const failed = (answer.Entries ?? []).find((entry) => entry.ErrorCode);
      throw new Error(
        `PutEvents refused ${answer.FailedEntryCount} entries: ${failed?.ErrorCode} ${failed?.ErrorMessage ?? ''}`,
      );
    }
  };

const locationOf = (message: Message): StreamBatchInfo | undefined => {
  try {
    const body = parseExactJson(message.Body ?? '');
    return isRecord(body) && isRecord(body['DDBStreamBatchInfo'])
      ? (body['DDBStreamBatchInfo'] as unknown as StreamBatchInfo)
      : undefined;
  } catch {
    return undefined;
  }
};

/**
 * One Pipe DLQ message: its records re-read and put through the Pipe, then the message deleted.
 * Returns how many records went to the bus, or why it stays (`<shard> <first>…<last> …`).
 */
async function redriveMessage(
  message: Message,
  on: { streams: DynamoDBStreamsClient; pipe: LocalPipe; failed: string[]; sqs: SQSClient; url: string },
): Promise<number | string> {
  const info = locationOf(message);
  if (!info) return `message ${message.MessageId}: no DDBStreamBatchInfo`;
  const where = `${info.shardId} ${info.startSequenceNumber}…${info.endSequenceNumber}`;
  const records = await readBatch(new DynamoDbStreamReader(on.streams, info.streamArn), info);
  if (records.length < info.batchSize) return where;
  const before = on.failed.length;
  await on.pipe.process(records, info.shardId);
  if (on.failed.length > before) return `${where} (failed again: ${on.failed.at(-1)})`;
  await on.sqs.send(new DeleteMessageCommand({ QueueUrl: on.url, ReceiptHandle: message.ReceiptHandle }));
  return records.length;
}

/**
 * Redrives a source Pipe's DLQ on AWS: for each message, the records its `DDBStreamBatchInfo`
 * names are read again from the stream (GetShardIterator AT_SEQUENCE_NUMBER, GetRecords) and put
 * through the Pipe's own filter and input template onto the bus (PutEvents), so every
 * subscription receives them as it would have; then the message is deleted. A location the stream
 * no longer holds (24 h), or records that fail again, stay in the DLQ and are reported.
 */
export async function redrivePipeOnAws(
  dlq: DlqView,
  context: AwsPipeRedriveContext,
  progress: ProgressReporter,
): Promise<{ moved: number; missing: string[] }> {
  const streams = new DynamoDBStreamsClient(context.clientConfig);
  const failed: string[] = [];
  const pipe = new LocalPipe({
    name: `${context.source.name}-pipe (redrive)`,
    // Records re-read from the DLQ are old by nature: no record-age limit on the redrive.
    definition: { ...context.source.pipe, maximumRecordAgeInSeconds: Number.MAX_SAFE_INTEGER },
    sourceArn: '',
    putEvents: putEventsOn(context.eventBridge, context.busArn),
    onDeadLetter: (entry) => failed.push(entry.reason),
    retryBackoff: { baseMs: 200, maxMs: 5000 },
  });
  const missing: string[] = [];
  const kept: string[] = [];
  let moved = 0;
  progress.start(`re-reading ${dlq.name}`, dlq.depth);
  try {
    for (;;) {
      const { Messages = [] } = await context.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlq.url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 300,
          WaitTimeSeconds: 1,
        }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        const outcome = await redriveMessage(message, {
          streams,
          pipe,
          failed,
          sqs: context.sqs,
          url: dlq.url as string,
        });
        if (typeof outcome === 'string') {
          missing.push(outcome);
          kept.push(message.ReceiptHandle as string);
        } else {
          moved += outcome;
          progress.update(moved);
        }
      }
    }
  } finally {
    progress.stop();
    streams.destroy();
    await makeVisible(context.sqs, dlq.url as string, kept);
  }
  return { moved, missing };
}

/** The messages left in the DLQ become visible again at once (ChangeMessageVisibilityBatch to 0). */
async function makeVisible(sqs: SQSClient, url: string, receipts: readonly string[]): Promise<void> {
  for (let i = 0; i < receipts.length; i += 10)
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: receipts
          .slice(i, i + 10)
          .map((ReceiptHandle, n) => ({ Id: String(n), ReceiptHandle, VisibilityTimeout: 0 })),
      }),
    );
}
