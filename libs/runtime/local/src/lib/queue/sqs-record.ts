import type { SQSRecord } from 'aws-lambda';
import { createHash } from 'node:crypto';
import type { Received } from './local-queue';

/**
 * A received message as Lambda's event source mapping and an SQS-source Pipe see it
 * (with-sqs.html): body as the sent string, the system attributes, FIFO attributes on FIFO
 * queues only.
 */
export const toSqsRecord = ({ message, receiptHandle }: Received, queueArn: string): SQSRecord => ({
  messageId: message.messageId,
  receiptHandle,
  body: message.body,
  attributes: {
    ApproximateReceiveCount: String(message.receiveCount),
    SentTimestamp: String(message.sentAt),
    SenderId: 'AIDAEVENTBRIDGELOCAL',
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    ...(message.groupId === undefined
      ? {}
      : {
          SequenceNumber: message.sequenceNumber,
          MessageGroupId: message.groupId,
          MessageDeduplicationId: message.deduplicationId as string,
        }),
  },
  messageAttributes: {},
  md5OfBody: createHash('md5').update(message.body).digest('hex'),
  eventSource: 'aws:sqs',
  eventSourceARN: queueArn,
  awsRegion: 'local',
});

/** `arn:aws:sqs:local:000000000000:<name>`. */
export const localQueueArn = (name: string): string => `arn:aws:sqs:local:000000000000:${name}`;
