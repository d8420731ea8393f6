import { OUTBOX_ATTRIBUTES, toBusEventDetail } from '@outflow/core-domain';
import { makeEvent } from '@outflow/testing';
import samples from '../../test/fixtures/aws-sample-records.json';
import { decodeStreamRecord, isTtlDeletion } from './decode-stream-record';

const [insert, modify, remove, ttlRemove] = samples.Records;
const withImages = (base: object, images: Record<string, unknown>) => {
  const record = structuredClone(base) as { dynamodb: Record<string, unknown> };
  Object.assign(record.dynamodb, images);
  return record;
};
const event = makeEvent('order', 'o-1', 3, { state: { orderId: 'o-1', status: 'confirmed' } }, 'evt-3');
const outboxImage = (e = event) => {
  const detail = toBusEventDetail(e);
  return {
    pk: { S: 'order#o-1' },
    sk: { S: 'AGGREGATE' },
    aggregateType: { S: 'order' },
    aggregateId: { S: 'o-1' },
    version: { N: String(e.aggregateVersion) },
    state: { M: { orderId: { S: 'o-1' } } },
    [OUTBOX_ATTRIBUTES.eventId]: { S: detail.eventId },
    [OUTBOX_ATTRIBUTES.eventType]: { S: detail.eventType },
    [OUTBOX_ATTRIBUTES.aggregateType]: { S: detail.aggregateType },
    [OUTBOX_ATTRIBUTES.aggregateId]: { S: detail.aggregateId },
    [OUTBOX_ATTRIBUTES.aggregateVersion]: { N: detail.aggregateVersion },
    [OUTBOX_ATTRIBUTES.event]: { S: detail.event },
  };
};

describe('Function: decodeStreamRecord on AWS documented sample records', () => {
  it('skips the sample INSERT and MODIFY: their items carry no outbox event', () => {
    expect(decodeStreamRecord(insert)).toEqual({
      kind: 'skipped',
      reason: 'the item carries no outbox event (no outboxEvent attribute)',
      record: { eventID: '1', eventName: 'INSERT', sequenceNumber: '111' },
    });
    expect(decodeStreamRecord(modify)).toMatchObject({ kind: 'skipped', record: { sequenceNumber: '222' } });
  });

  it('skips the sample REMOVE of an item that is not an aggregate', () => {
    expect(decodeStreamRecord(remove)).toMatchObject({
      kind: 'skipped',
      reason: 'removed an item that is not an aggregate; its event was published when it was written',
    });
  });

  it('recognises the TTL deletion by its service userIdentity', () => {
    expect(isTtlDeletion(ttlRemove as never)).toBe(true);
    expect(isTtlDeletion(remove as never)).toBe(false);
    expect(decodeStreamRecord(ttlRemove)).toMatchObject({
      kind: 'skipped',
      reason: expect.stringMatching(/^TTL expired/),
    });
  });
});

describe('Function: decodeStreamRecord on outbox items (Lambda/Pipes shape)', () => {
  it('decodes INSERT/MODIFY with an outbox event into that event', () => {
    const decoded = decodeStreamRecord(
      withImages(modify, {
        NewImage: outboxImage(),
        OldImage: outboxImage(makeEvent('order', 'o-1', 2, { state: {} })),
      }),
    );
    expect(decoded).toEqual({
      kind: 'change',
      event,
      expired: false,
      record: { eventID: '2', eventName: 'MODIFY', sequenceNumber: '222' },
    });
  });

  it('turns a REMOVE of an aggregate item into a deletion at the old version + 1', () => {
    const decoded = decodeStreamRecord(
      withImages(
        { ...remove, dynamodb: { ...remove!.dynamodb, ApproximateCreationDateTime: 1_700_000_040 } },
        { OldImage: outboxImage() },
      ),
    );
    expect(decoded).toEqual({
      kind: 'change',
      expired: false,
      record: { eventID: '3', eventName: 'REMOVE', sequenceNumber: '333' },
      event: {
        eventId: 'ddbstream:3',
        eventType: 'order.deleted',
        aggregateType: 'order',
        aggregateId: 'o-1',
        aggregateVersion: 4,
        occurredAt: '2023-11-14T22:14:00.000Z',
        schemaVersion: 1,
        deleted: true,
      },
    });
  });

  it('marks a TTL deletion of an aggregate as expired', () => {
    expect(decodeStreamRecord(withImages(ttlRemove!, { OldImage: outboxImage() }))).toMatchObject({
      kind: 'change',
      expired: true,
      event: { eventType: 'order.expired', aggregateVersion: 4, deleted: true },
    });
  });

  it('skips an expired tombstone: its deletion was published when it was written', () => {
    const tombstone = { ...outboxImage(), deleted: { BOOL: true } };
    expect(decodeStreamRecord(withImages(ttlRemove!, { OldImage: tombstone }))).toMatchObject({
      kind: 'skipped',
      reason: 'TTL expired a tombstone; the deletion was published when it was written',
    });
  });

  it('names the record and the field of a malformed record', () => {
    expect(() => decodeStreamRecord('nope')).toThrow(
      'stream record is invalid: (record): expected an object, got string',
    );
    expect(() => decodeStreamRecord({ ...insert, eventName: 'UPSERT' })).toThrow(
      'stream record 1 is invalid: eventName: expected one of INSERT, MODIFY, REMOVE, UNKNOWN_TO_SDK_VERSION, got "UPSERT"',
    );
    expect(() =>
      decodeStreamRecord({ ...insert, dynamodb: { ...insert!.dynamodb, SequenceNumber: 111 } }),
    ).toThrow('dynamodb.SequenceNumber: expected a decimal string, got 111');
    expect(() => decodeStreamRecord({ ...insert, dynamodb: { Keys: {}, SequenceNumber: '1' } })).toThrow(
      /stream record 1 is invalid: dynamodb\.NewImage: missing: the stream view type must include new images/,
    );
    expect(() => decodeStreamRecord({ ...remove, dynamodb: { Keys: {}, SequenceNumber: '1' } })).toThrow(
      /dynamodb\.OldImage: missing/,
    );
    const broken = { ...outboxImage(), [OUTBOX_ATTRIBUTES.event]: { S: '{"eventId": 7}' } };
    expect(() => decodeStreamRecord(withImages(modify, { NewImage: broken }))).toThrow(
      /stream record 2 is invalid: dynamodb\.NewImage\.outboxEvent\.eventId: /,
    );
    const disagreeing = { ...outboxImage(), [OUTBOX_ATTRIBUTES.aggregateVersion]: { N: '9' } };
    expect(() => decodeStreamRecord(withImages(modify, { NewImage: disagreeing }))).toThrow(
      'dynamodb.NewImage.outboxAggregateVersion: routing copy "9" disagrees with the event\'s "3"',
    );
    const badVersion = { ...outboxImage(), version: { S: 'three' } };
    expect(() => decodeStreamRecord(withImages(remove, { OldImage: badVersion }))).toThrow(
      'dynamodb.OldImage.version: expected an integer ≥ 1 (N), got "three"',
    );
  });
});
