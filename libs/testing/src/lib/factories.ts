import { aggregateKeyOf, OUTBOX_ATTRIBUTES, toBusEventDetail, type OutboxEvent } from '@outflow/core-domain';
import type { SQSRecord } from 'aws-lambda';
import { createHash } from 'node:crypto';

// One factory per record shape that specs (and benchmarks) build, after Powertools'
// packages/batch/tests/helpers/factories.ts. Shapes follow AWS's sample events.

let nextId = 0;
const next = () => (nextId += 1);

/** Options of {@link sqsRecord}. */
export interface SqsRecordOptions {
  /** @default `m-<n>`, unique per process */
  readonly messageId?: string;
  /** The FIFO message group; without it the record comes from a standard queue. */
  readonly groupId?: string;
  /** FIFO only. @default the message id */
  readonly deduplicationId?: string;
  /** `ApproximateReceiveCount`. @default 1 */
  readonly receiveCount?: number;
  /** @default arn:aws:sqs:eu-west-1:123456789012:legacy-rdb.fifo (`.fifo` dropped without a group) */
  readonly queueArn?: string;
}

/**
 * An SQS record as Lambda delivers it (the AWS Lambda "Example Amazon SQS message event", with the
 * FIFO attributes when `groupId` is given). An object body is sent as its JSON, as the bus rule's
 * target sends an event's detail.
 *
 * @example
 * const event: SQSEvent = { Records: [sqsRecord(toBusEventDetail(change), { groupId: 'legacy-rdb' })] };
 */
export function sqsRecord(body: string | object, options: SqsRecordOptions = {}): SQSRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const messageId = options.messageId ?? `m-${next()}`;
  const fifo = options.groupId !== undefined;
  const queueArn = options.queueArn ?? `arn:aws:sqs:eu-west-1:123456789012:legacy-rdb${fifo ? '.fifo' : ''}`;
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: text,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: '1545082649183',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1545082649185',
      ...(fifo
        ? {
            SequenceNumber: '18849496460467696128',
            MessageGroupId: options.groupId,
            MessageDeduplicationId: options.deduplicationId ?? messageId,
          }
        : {}),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(text).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'eu-west-1',
  };
}

/** A DynamoDB attribute map (`{ name: { S: "…" } }`), as stream records carry images. */
export type AttributeMap = Record<string, unknown>;

/** The outbox attributes an item carrying `event` has (what the Pipe's filter and template read). */
export function outboxImage(event: OutboxEvent): AttributeMap {
  const detail = toBusEventDetail(event);
  return {
    [OUTBOX_ATTRIBUTES.eventId]: { S: detail.eventId },
    [OUTBOX_ATTRIBUTES.eventType]: { S: detail.eventType },
    [OUTBOX_ATTRIBUTES.aggregateType]: { S: detail.aggregateType },
    [OUTBOX_ATTRIBUTES.aggregateId]: { S: detail.aggregateId },
    [OUTBOX_ATTRIBUTES.aggregateVersion]: { N: detail.aggregateVersion },
    [OUTBOX_ATTRIBUTES.event]: { S: detail.event },
  };
}

/** Options of {@link streamRecord}. */
export interface StreamRecordOptions {
  /** The change the item carries: its new image is {@link outboxImage} unless `newImage` is given. */
  readonly event?: OutboxEvent;
  /** @default INSERT for an event at version 1, MODIFY for a later one or a `newImage`, else REMOVE */
  readonly eventName?: string;
  /** Printed as a 21-digit decimal string. @default increasing per process */
  readonly sequenceNumber?: number;
  /** @default `rec-<sequenceNumber>` */
  readonly eventID?: string;
  /** @default with an `event`: the aggregate item's keys (`pk` = `<type>#<id>`, `sk` = `AGGREGATE`) */
  readonly keys?: AttributeMap;
  readonly newImage?: AttributeMap;
  readonly oldImage?: AttributeMap;
  /** Epoch seconds. @default now */
  readonly approximateCreationDateTime?: number;
  /** Set on TTL deletions: `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }`. */
  readonly userIdentity?: { readonly type: string; readonly principalId: string };
}

/** A DynamoDB stream record in the Lambda/Pipes shape (see {@link streamRecord}). */
export type StreamRecordShape = {
  readonly eventID: string;
  readonly eventName: string;
  readonly eventVersion: string;
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly eventSourceARN: string;
  readonly dynamodb: {
    readonly SequenceNumber: string;
    readonly ApproximateCreationDateTime: number;
    readonly StreamViewType: 'NEW_AND_OLD_IMAGES';
    readonly Keys?: AttributeMap;
    readonly NewImage?: AttributeMap;
    readonly OldImage?: AttributeMap;
  };
  readonly userIdentity?: { readonly type: string; readonly principalId: string };
};

/**
 * A DynamoDB stream record as a Lambda function or a Pipe receives it (the AWS Lambda "Example
 * DynamoDB Streams event"), e.g. the record a DynamoDbOutboxStore write produces for an event.
 *
 * @example
 * pipe.process([streamRecord({ event: makeEvent('order', 'o-1', 1, { state }) })]);
 */
export function streamRecord(options: StreamRecordOptions = {}): StreamRecordShape {
  const sequence = options.sequenceNumber ?? next();
  const newImage = options.newImage ?? (options.event && outboxImage(options.event));
  const keys =
    options.keys ?? (options.event && { pk: { S: aggregateKeyOf(options.event) }, sk: { S: 'AGGREGATE' } });
  const eventName =
    options.eventName ??
    (options.event
      ? options.event.aggregateVersion === 1
        ? 'INSERT'
        : 'MODIFY'
      : newImage
        ? 'MODIFY'
        : 'REMOVE');
  return {
    eventID: options.eventID ?? `rec-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      SequenceNumber: String(sequence).padStart(21, '0'),
      ApproximateCreationDateTime: options.approximateCreationDateTime ?? Math.floor(Date.now() / 1000),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      ...(keys ? { Keys: keys } : {}),
      ...(newImage ? { NewImage: newImage } : {}),
      ...(options.oldImage ? { OldImage: options.oldImage } : {}),
    },
    ...(options.userIdentity ? { userIdentity: options.userIdentity } : {}),
  };
}
