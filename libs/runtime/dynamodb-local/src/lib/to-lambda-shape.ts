import type { _Record } from '@aws-sdk/client-dynamodb-streams';

/**
 * The record a Lambda function or an EventBridge Pipe receives, built from a record read with
 * the SDK's GetRecords: `ApproximateCreationDateTime` in epoch seconds, `userIdentity` with
 * lower-case keys, `eventSourceARN` set. Binary attributes stay as the SDK returns them.
 */
export interface LambdaStreamRecord {
  readonly eventID: string;
  readonly eventName: string;
  readonly eventVersion: string;
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly eventSourceARN: string;
  readonly dynamodb: Record<string, unknown>;
  readonly userIdentity?: { readonly type: string; readonly principalId: string };
}

export function toLambdaShape(record: _Record, streamArn: string): LambdaStreamRecord {
  const { ApproximateCreationDateTime, ...data } = record.dynamodb ?? {};
  return {
    eventID: record.eventID ?? '',
    eventName: String(record.eventName ?? ''),
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
    ...(record.userIdentity
      ? {
          userIdentity: {
            type: record.userIdentity.Type ?? '',
            principalId: record.userIdentity.PrincipalId ?? '',
          },
        }
      : {}),
  };
}
