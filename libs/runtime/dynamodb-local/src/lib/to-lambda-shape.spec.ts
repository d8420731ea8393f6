import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import samples from '../../test/fixtures/aws-sample-records.json';
import { StreamRecordError } from './errors';
import { isTtlDeletion, toLambdaShape } from './to-lambda-shape';

type Sample = (typeof samples.Records)[number] & { userIdentity?: { type: string; principalId: string } };
const [insert, modify, remove, ttlRemove] = samples.Records as Sample[];
const ARN = insert!.eventSourceARN;

/** The record GetRecords returns for what Lambda delivers as `sample`: `userIdentity` keys capitalised. */
const sdkShapeOf = (sample: Sample): _Record => {
  const { userIdentity, eventSourceARN: _arn, ...rest } = sample;
  return {
    ...rest,
    ...(userIdentity
      ? { userIdentity: { Type: userIdentity.type, PrincipalId: userIdentity.principalId } }
      : {}),
  } as _Record;
};

/** How DynamoDB Local reports the TTL deletion AWS reports as `ttlRemove`. */
const dynamoDbLocalTtl = (): _Record => {
  const { userIdentity: _identity, ...rest } = sdkShapeOf(ttlRemove!);
  return { ...rest, eventName: 'UNKNOWN_TO_SDK_VERSION' as never };
};

describe('Function: toLambdaShape', () => {
  it('gives every AWS sample record back exactly as Lambda delivers it', () => {
    for (const sample of [insert!, modify!, remove!, ttlRemove!]) {
      expect(toLambdaShape(sdkShapeOf(sample), ARN)).toEqual(sample);
    }
  });

  it('turns ApproximateCreationDateTime into epoch seconds', () => {
    // Prepare
    const record = sdkShapeOf(insert!);
    record.dynamodb = {
      ...record.dynamodb,
      ApproximateCreationDateTime: new Date('2026-11-29T10:00:30.900Z'),
    };

    // Act
    const shaped = toLambdaShape(record, ARN);

    // Assess
    expect(shaped.dynamodb['ApproximateCreationDateTime']).toBe(Date.parse('2026-11-29T10:00:30Z') / 1000);
  });

  it("reports DynamoDB Local's TTL deletion as AWS does: REMOVE by the DynamoDB service", () => {
    expect(toLambdaShape(dynamoDbLocalTtl(), ARN)).toEqual(ttlRemove);
  });

  it('throws a StreamRecordError naming each field a DynamoDB stream record always has', () => {
    const broken = { ...sdkShapeOf(insert!), eventID: undefined, eventName: 'DELETE' as never };
    broken.dynamodb = { ...broken.dynamodb, SequenceNumber: 111 as never };

    expect(() => toLambdaShape(broken, ARN)).toThrow(StreamRecordError);
    expect(() => toLambdaShape(broken, ARN)).toThrow(
      'stream record (no eventID) is invalid: eventID: expected a non-empty string; ' +
        'eventName: expected one of INSERT, MODIFY, REMOVE, UNKNOWN_TO_SDK_VERSION, got "DELETE"; ' +
        'dynamodb.SequenceNumber: expected a decimal string, got 111',
    );
  });

  it('refuses UNKNOWN_TO_SDK_VERSION on a record that is not a TTL deletion', () => {
    const odd = { ...sdkShapeOf(modify!), eventName: 'UNKNOWN_TO_SDK_VERSION' as never };
    expect(() => toLambdaShape(odd, ARN)).toThrow(
      /UNKNOWN_TO_SDK_VERSION is expected only for TTL deletions/,
    );
  });
});

describe('Function: isTtlDeletion', () => {
  it('recognises the TTL deletion in the Lambda shape, the GetRecords shape and as DynamoDB Local sends it', () => {
    expect(isTtlDeletion(ttlRemove)).toBe(true);
    expect(isTtlDeletion(sdkShapeOf(ttlRemove!))).toBe(true);
    expect(isTtlDeletion(dynamoDbLocalTtl())).toBe(true);
  });

  it('tells a TTL deletion from a REMOVE by a user and from other records', () => {
    expect(isTtlDeletion(remove)).toBe(false);
    expect(isTtlDeletion(insert)).toBe(false);
    expect(isTtlDeletion(null)).toBe(false);
  });
});
