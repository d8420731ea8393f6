import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  OUTBOX_ATTRIBUTES,
  parseOutboxEventJson,
  ValidationError,
  type OutboxEvent,
  type ValidationIssue,
} from '@outflow/core-domain';
import { AGGREGATE_ATTRIBUTES } from '@outflow/dynamodb-outbox';

/** A DynamoDB stream record that cannot be decoded; `issues` name the record's bad fields. */
export class StreamRecordError extends ValidationError {
  override readonly code = 'STREAM_RECORD_INVALID';
}

/** Where a decoded record came from: enough to find it again in the stream. */
export interface StreamRecordRef {
  readonly eventID: string;
  readonly eventName: string;
  readonly sequenceNumber: string;
}

export type DecodedStreamRecord =
  | {
      readonly kind: 'change';
      readonly event: OutboxEvent;
      readonly record: StreamRecordRef;
      readonly expired: boolean;
    }
  | { readonly kind: 'skipped'; readonly reason: string; readonly record: StreamRecordRef };

type Image = Record<string, AttributeValue>;
const EVENT_NAMES = ['INSERT', 'MODIFY', 'REMOVE', 'UNKNOWN_TO_SDK_VERSION'] as const;
/** DynamoDB Local reports TTL deletions with this eventName (the Java SDK's name for an unknown enum value). */
const LOCAL_TTL_EVENT_NAME = 'UNKNOWN_TO_SDK_VERSION';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * True when DynamoDB's TTL process deleted the item: on AWS the record's `userIdentity` is
 * `{ type: "Service", principalId: "dynamodb.amazonaws.com" }` (Lambda/Pipes shape) or
 * `{ Type, PrincipalId }` (SDK GetRecords shape); DynamoDB Local sends eventName
 * `UNKNOWN_TO_SDK_VERSION` with only an OldImage and no userIdentity.
 */
export function isTtlDeletion(record: Record<string, unknown>): boolean {
  const identity = record['userIdentity'];
  if (isObject(identity)) {
    const type = identity['type'] ?? identity['Type'];
    const principal = identity['principalId'] ?? identity['PrincipalId'];
    if (type === 'Service' && principal === 'dynamodb.amazonaws.com') return true;
  }
  const dynamodb = record['dynamodb'];
  return (
    record['eventName'] === LOCAL_TTL_EVENT_NAME &&
    isObject(dynamodb) &&
    isObject(dynamodb['OldImage']) &&
    dynamodb['NewImage'] === undefined
  );
}

/**
 * Decodes one DynamoDB stream record — the Lambda/Pipes JSON shape or the SDK's GetRecords
 * shape — into the outbox event it carries:
 * - INSERT/MODIFY of an item with an outbox event → that event (upsert or deletion);
 * - REMOVE of an aggregate item (a delete outside the OutboxStore, or its TTL) → a deletion at
 *   the old version + 1, with the record's eventID as event id;
 * - items without an outbox event, expired outbox items and expired tombstones → skipped, with why.
 * A malformed record throws StreamRecordError naming the record and the field.
 */
export function decodeStreamRecord(input: unknown): DecodedStreamRecord {
  const issues: ValidationIssue[] = [];
  const fail = (subject: string): never => {
    throw new StreamRecordError(subject, issues);
  };
  if (!isObject(input)) {
    issues.push({
      path: '(record)',
      message: `expected an object, got ${input === null ? 'null' : typeof input}`,
    });
    return fail('stream record');
  }
  const eventID = typeof input['eventID'] === 'string' ? input['eventID'] : undefined;
  const subject = `stream record ${eventID ?? '(no eventID)'}`;
  const dynamodb = input['dynamodb'];
  const eventName = input['eventName'];
  if (eventID === undefined) issues.push({ path: 'eventID', message: 'expected a string' });
  if (typeof eventName !== 'string' || !(EVENT_NAMES as readonly string[]).includes(eventName)) {
    issues.push({
      path: 'eventName',
      message: `expected one of ${EVENT_NAMES.join(', ')}, got ${JSON.stringify(eventName)}`,
    });
  }
  if (!isObject(dynamodb)) issues.push({ path: 'dynamodb', message: 'expected the record data object' });
  if (issues.length > 0) return fail(subject);
  const data = dynamodb as Record<string, unknown>;
  const sequenceNumber = data['SequenceNumber'];
  if (typeof sequenceNumber !== 'string' || !/^\d+$/.test(sequenceNumber)) {
    issues.push({
      path: 'dynamodb.SequenceNumber',
      message: `expected a decimal string, got ${JSON.stringify(sequenceNumber)}`,
    });
  }
  for (const image of ['NewImage', 'OldImage'] as const) {
    if (data[image] !== undefined && !isObject(data[image]))
      issues.push({ path: `dynamodb.${image}`, message: 'expected an attribute map' });
  }
  if (issues.length > 0) return fail(subject);
  const record: StreamRecordRef = {
    eventID: eventID as string,
    eventName: eventName as string,
    sequenceNumber: sequenceNumber as string,
  };
  const newImage = data['NewImage'] as Image | undefined;
  const oldImage = data['OldImage'] as Image | undefined;
  const expired = isTtlDeletion(input);

  if (eventName === 'INSERT' || eventName === 'MODIFY') {
    if (!newImage) {
      issues.push({
        path: 'dynamodb.NewImage',
        message: 'missing: the stream view type must include new images (NEW_IMAGE or NEW_AND_OLD_IMAGES)',
      });
      return fail(subject);
    }
    if (newImage[OUTBOX_ATTRIBUTES.event] === undefined) {
      return {
        kind: 'skipped',
        reason: `the item carries no outbox event (no ${OUTBOX_ATTRIBUTES.event} attribute)`,
        record,
      };
    }
    return {
      kind: 'change',
      event: embeddedEvent(newImage, 'dynamodb.NewImage', subject),
      record,
      expired: false,
    };
  }

  // REMOVE, or DynamoDB Local's TTL deletion.
  if (!oldImage) {
    issues.push({
      path: 'dynamodb.OldImage',
      message:
        'missing: the stream view type must include old images (NEW_AND_OLD_IMAGES) to decode deletions',
    });
    return fail(subject);
  }
  if (eventName === LOCAL_TTL_EVENT_NAME && !expired) {
    issues.push({
      path: 'eventName',
      message: `${LOCAL_TTL_EVENT_NAME} is only expected for TTL deletions (an OldImage and no NewImage)`,
    });
    return fail(subject);
  }
  const old = unmarshall(oldImage as never) as Record<string, unknown>;
  const version = old[AGGREGATE_ATTRIBUTES.version];
  if (old[AGGREGATE_ATTRIBUTES.aggregateType] === undefined || version === undefined) {
    const what =
      old[OUTBOX_ATTRIBUTES.event] !== undefined ? 'an outbox item' : 'an item that is not an aggregate';
    return {
      kind: 'skipped',
      reason: `${expired ? 'TTL expired' : 'removed'} ${what}; its event was published when it was written`,
      record,
    };
  }
  if (old[AGGREGATE_ATTRIBUTES.deleted] === true) {
    return {
      kind: 'skipped',
      reason: `${expired ? 'TTL expired' : 'removed'} a tombstone; the deletion was published when it was written`,
      record,
    };
  }
  const aggregateType = old[AGGREGATE_ATTRIBUTES.aggregateType];
  const aggregateId = old[AGGREGATE_ATTRIBUTES.aggregateId];
  if (typeof aggregateType !== 'string')
    issues.push({
      path: `dynamodb.OldImage.${AGGREGATE_ATTRIBUTES.aggregateType}`,
      message: 'expected a string (S)',
    });
  if (typeof aggregateId !== 'string')
    issues.push({
      path: `dynamodb.OldImage.${AGGREGATE_ATTRIBUTES.aggregateId}`,
      message: 'expected a string (S)',
    });
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    issues.push({
      path: `dynamodb.OldImage.${AGGREGATE_ATTRIBUTES.version}`,
      message: `expected an integer ≥ 1 (N), got ${JSON.stringify(version)}`,
    });
  }
  if (issues.length > 0) return fail(subject);
  const event: OutboxEvent = {
    eventId: `ddbstream:${eventID}`,
    eventType: `${aggregateType as string}.${expired ? 'expired' : 'deleted'}`,
    aggregateType: aggregateType as string,
    aggregateId: aggregateId as string,
    aggregateVersion: (version as number) + 1,
    occurredAt: approximateCreation(data['ApproximateCreationDateTime']),
    schemaVersion: 1,
    deleted: true,
  };
  return { kind: 'change', event, record, expired };
}

/** The outbox event embedded in an image, checked against the image's routing attributes. */
function embeddedEvent(image: Image, at: string, subject: string): OutboxEvent {
  const text = image[OUTBOX_ATTRIBUTES.event];
  if (!text || typeof text.S !== 'string') {
    throw new StreamRecordError(subject, [
      {
        path: `${at}.${OUTBOX_ATTRIBUTES.event}`,
        message: 'expected the outbox event as a string attribute (S)',
      },
    ]);
  }
  const parsed = parseOutboxEventJson(text.S);
  if (!parsed.ok) {
    throw new StreamRecordError(
      subject,
      parsed.error.issues.map((i) => ({
        path: `${at}.${OUTBOX_ATTRIBUTES.event}.${i.path}`,
        message: i.message,
      })),
    );
  }
  const event = parsed.value;
  const issues: ValidationIssue[] = [];
  const copies: [string, string | undefined, string][] = [
    [OUTBOX_ATTRIBUTES.eventId, image[OUTBOX_ATTRIBUTES.eventId]?.S, event.eventId],
    [OUTBOX_ATTRIBUTES.aggregateType, image[OUTBOX_ATTRIBUTES.aggregateType]?.S, event.aggregateType],
    [OUTBOX_ATTRIBUTES.aggregateId, image[OUTBOX_ATTRIBUTES.aggregateId]?.S, event.aggregateId],
    [
      OUTBOX_ATTRIBUTES.aggregateVersion,
      image[OUTBOX_ATTRIBUTES.aggregateVersion]?.N,
      String(event.aggregateVersion),
    ],
  ];
  for (const [name, copy, actual] of copies) {
    if (copy !== undefined && copy !== actual)
      issues.push({
        path: `${at}.${name}`,
        message: `routing copy ${JSON.stringify(copy)} disagrees with the event's ${JSON.stringify(actual)}`,
      });
  }
  if (issues.length > 0) throw new StreamRecordError(subject, issues);
  return event;
}

/** Lambda/Pipes records carry epoch seconds; SDK records a Date. DynamoDB Local rounds to the minute. */
function approximateCreation(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value * 1000).toISOString();
  return new Date(0).toISOString();
}
