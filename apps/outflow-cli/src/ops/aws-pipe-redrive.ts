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
        const info = locationOf(message);
        const records = info ? await readBatch(new DynamoDbStreamReader(streams, info.streamArn), info) : [];
        const before = failed.length;
        if (info && records.length >= info.batchSize) await pipe.process(records, info.shardId);
        if (!info || records.length < info.batchSize || failed.length > before) {
          missing.push(
            info
              ? `${info.shardId} ${info.startSequenceNumber}…${info.endSequenceNumber}${failed.length > before ? ` (failed again: ${failed.at(-1)})` : ''}`
              : `message ${message.MessageId}: no DDBStreamBatchInfo`,
          );
          kept.push(message.ReceiptHandle as string);
          continue;
        }
        await context.sqs.send(
          new DeleteMessageCommand({ QueueUrl: dlq.url, ReceiptHandle: message.ReceiptHandle }),
        );
        moved += records.length;
        progress.update(moved);
      }
    }
  } finally {
    progress.stop();
    streams.destroy();
    for (let i = 0; i < kept.length; i += 10)
      await context.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: dlq.url,
          Entries: kept
            .slice(i, i + 10)
            .map((ReceiptHandle, n) => ({ Id: String(n), ReceiptHandle, VisibilityTimeout: 0 })),
        }),
      );
  }
  return { moved, missing };
}
