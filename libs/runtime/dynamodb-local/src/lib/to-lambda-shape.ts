import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { isRecord, type ValidationIssue } from '@outflow/core-domain';
import { StreamRecordError } from './errors';
import { IMAGE_FIELDS, toLambdaImage } from './stream-images';

/**
 * The record a Lambda function or an EventBridge Pipe receives from a DynamoDB stream
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html, "Example DynamoDB Streams event").
 */
export interface LambdaStreamRecord {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventVersion: string;
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly eventSourceARN: string;
  /** Keys, images, `SequenceNumber`, `SizeBytes`, `StreamViewType`; `ApproximateCreationDateTime` in epoch seconds. */
  readonly dynamodb: Record<string, unknown>;
  /** Present on deletions by DynamoDB's TTL process: `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }`. */
  readonly userIdentity?: { readonly type: string; readonly principalId: string };
}

/** The identity AWS puts on a deletion made by the TTL process (time-to-live-ttl-streams.html). */
const TTL_IDENTITY = Object.freeze({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });

/**
 * DynamoDB Local reports a TTL deletion with this eventName (the Java SDK's name for an enum value it
 * does not know), an OldImage, no NewImage and no userIdentity; AWS reports REMOVE with {@link TTL_IDENTITY}.
 */
const LOCAL_TTL_EVENT_NAME = 'UNKNOWN_TO_SDK_VERSION';
const EVENT_NAMES: readonly string[] = ['INSERT', 'MODIFY', 'REMOVE', LOCAL_TTL_EVENT_NAME];

/**
 * True when DynamoDB's TTL process deleted the item, in either shape: `userIdentity` of
 * `{ type: "Service", principalId: "dynamodb.amazonaws.com" }` (Lambda/Pipes) or `{ Type, PrincipalId }`
 * (GetRecords), or DynamoDB Local's `UNKNOWN_TO_SDK_VERSION` record with only an OldImage.
 *
 * @internal Exported for its specs, which check each record shape (Lambda, GetRecords, DynamoDB Local) directly.
 */
export function isTtlDeletion(record: unknown): boolean {
  if (!isRecord(record)) return false;
  const identity = record['userIdentity'];
  if (isRecord(identity)) {
    const type = identity['type'] ?? identity['Type'];
    const principal = identity['principalId'] ?? identity['PrincipalId'];
    if (type === TTL_IDENTITY.type && principal === TTL_IDENTITY.principalId) return true;
  }
  const data = record['dynamodb'];
  return (
    record['eventName'] === LOCAL_TTL_EVENT_NAME &&
    isRecord(data) &&
    isRecord(data['OldImage']) &&
    data['NewImage'] === undefined
  );
}

/** Every field AWS always sets; a record without them did not come from DynamoDB Streams. */
function checkRecord(record: _Record, issues: ValidationIssue[]): void {
  if (typeof record.eventID !== 'string' || record.eventID === '')
    issues.push({ path: 'eventID', message: 'expected a non-empty string' });
  if (!EVENT_NAMES.includes(String(record.eventName)))
    issues.push({
      path: 'eventName',
      message: `expected one of ${EVENT_NAMES.join(', ')}, got ${JSON.stringify(record.eventName)}`,
    });
  else if (String(record.eventName) === LOCAL_TTL_EVENT_NAME && !isTtlDeletion(record))
    issues.push({
      path: 'eventName',
      message: `${LOCAL_TTL_EVENT_NAME} is expected only for TTL deletions (an OldImage and no NewImage)`,
    });
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (typeof sequenceNumber !== 'string' || !/^\d+$/.test(sequenceNumber))
    issues.push({
      path: 'dynamodb.SequenceNumber',
      message: `expected a decimal string, got ${JSON.stringify(sequenceNumber)}`,
    });
}

/**
 * The one stream-record decoder: turns a record read with the SDK's GetRecords into the record a
 * Lambda function or a Pipe receives on AWS — `ApproximateCreationDateTime` in epoch seconds,
 * `userIdentity` with lower-case keys, `eventSource` and `eventSourceARN` set — and makes DynamoDB
 * Local's TTL deletions look as AWS documents them (REMOVE with {@link TTL_IDENTITY}), so a Pipe
 * filter written for AWS treats them alike. Binary attributes (`B`, `BS`, also inside `M` and `L`)
 * become base64 text as AWS delivers them; numbers keep their text (stream-images.ts).
 *
 * @throws StreamRecordError when the record lacks eventID, a known eventName or a SequenceNumber, or
 *   an image holds a number DynamoDB cannot hold; each issue names its path (e.g. `dynamodb.OldImage.version.N`).
 */
export function toLambdaShape(record: _Record, streamArn: string): LambdaStreamRecord {
  const issues: ValidationIssue[] = [];
  checkRecord(record, issues);
  const { ApproximateCreationDateTime, ...rest } = record.dynamodb ?? {};
  const data: Record<string, unknown> = { ...rest };
  for (const field of IMAGE_FIELDS)
    if (data[field] !== undefined) data[field] = toLambdaImage(data[field], `dynamodb.${field}`, issues);
  if (issues.length > 0)
    throw new StreamRecordError(`stream record ${record.eventID ?? '(no eventID)'}`, issues);
  const ttl = isTtlDeletion(record);
  const identity = ttl
    ? TTL_IDENTITY
    : record.userIdentity && {
        type: record.userIdentity.Type ?? '',
        principalId: record.userIdentity.PrincipalId ?? '',
      };
  return {
    eventID: record.eventID as string,
    eventName: ttl ? 'REMOVE' : (record.eventName as LambdaStreamRecord['eventName']),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? '',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      ...data,
    },
    ...(identity ? { userIdentity: { ...identity } } : {}),
  };
}
