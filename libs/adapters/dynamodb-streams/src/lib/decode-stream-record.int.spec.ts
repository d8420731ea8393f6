import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import {
  createClient,
  createStreamsClient,
  dynamoDbLocalEndpoint,
  ensureTable,
  readAllStreamRecords,
  toLambdaShape,
} from '@outflow/dynamodb-local';
import { DynamoDbOutboxStore, outboxTable } from '@outflow/dynamodb-outbox';
import { makeEvent } from '@outflow/testing';
import { decodeStreamRecord } from './decode-stream-record';

/** Real records: written by DynamoDbOutboxStore (and by hand) to DynamoDB Local, read back with GetRecords. */
describe('Function: decodeStreamRecord on real DynamoDB Local records', () => {
  jest.setTimeout(60_000);
  const client = createClient(dynamoDbLocalEndpoint());
  const streams = createStreamsClient(dynamoDbLocalEndpoint());
  const tableName = `streams-${Date.now().toString(36)}`;
  let records: _Record[];
  let streamArn: string;
  const state = (v: number) => ({ orderId: 'o-1', v });
  const e1 = makeEvent('order', 'o-1', 1, { state: state(1) });
  const e2 = makeEvent('order', 'o-1', 2, { state: state(2) });
  const del = makeEvent('order', 'o-2', 2, { deleted: true });
  const multi = [0, 1].map((i) => makeEvent('order', 'o-3', 1, { state: state(1) }, `o-3-e${i}`));

  beforeAll(async () => {
    streamArn = (await ensureTable(client, outboxTable(tableName))).streamArn as string;
    const store = new DynamoDbOutboxStore({ tableName, client });
    await store.save({
      aggregateType: 'order',
      aggregateId: 'o-1',
      expectedVersion: 0,
      state: state(1),
      events: [e1],
    });
    await store.save({
      aggregateType: 'order',
      aggregateId: 'o-1',
      expectedVersion: 1,
      state: state(2),
      events: [e2],
    });
    await store.save({
      aggregateType: 'order',
      aggregateId: 'o-2',
      expectedVersion: 0,
      state: state(1),
      events: [makeEvent('order', 'o-2', 1, { state: state(1) })],
    });
    await store.save({
      aggregateType: 'order',
      aggregateId: 'o-2',
      expectedVersion: 1,
      state: null,
      events: [del],
    });
    await store.save({
      aggregateType: 'order',
      aggregateId: 'o-3',
      expectedVersion: 0,
      state: state(1),
      events: multi,
    });
    // A delete outside the store (an operator, a cleanup job): REMOVE of o-1 at version 2.
    await client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: { pk: { S: 'order#o-1' }, sk: { S: 'AGGREGATE' } },
      }),
    );
    // An item whose TTL passed a minute ago (TTL ignores times more than five years old): DynamoDB
    // Local's TTL process removes it within seconds.
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: 'order#o-4' },
          sk: { S: 'AGGREGATE' },
          aggregateType: { S: 'order' },
          aggregateId: { S: 'o-4' },
          version: { N: '7' },
          expiresAt: { N: String(Math.floor(Date.now() / 1000) - 60) },
        },
      }),
    );
    for (let i = 0; i < 100; i++) {
      records = await readAllStreamRecords(streams, streamArn);
      if (records.some((r) => r.eventName !== 'INSERT' && r.dynamodb?.Keys?.['pk']?.S === 'order#o-4')) break;
      await new Promise((r) => setTimeout(r, 300));
    }
  });
  afterAll(() => {
    client.destroy();
    streams.destroy();
  });

  const decodedBoth = () =>
    records.map((r) => {
      const sdk = decodeStreamRecord(r);
      expect(decodeStreamRecord(toLambdaShape(r, streamArn))).toEqual(sdk);
      return sdk;
    });

  it('decodes every record the same in the SDK shape and the Lambda shape', () => {
    const decoded = decodedBoth();
    const changes = decoded.flatMap((d) => (d.kind === 'change' ? [d.event] : []));
    expect(changes.filter((e) => !e.deleted)).toEqual([
      e1,
      e2,
      makeEvent('order', 'o-2', 1, { state: state(1) }),
      ...multi,
    ]);
    expect(changes.filter((e) => e.deleted)).toEqual([
      del,
      expect.objectContaining({
        aggregateId: 'o-1',
        aggregateVersion: 3,
        eventType: 'order.deleted',
        deleted: true,
      }),
      expect.objectContaining({
        aggregateId: 'o-4',
        aggregateVersion: 8,
        eventType: 'order.expired',
        deleted: true,
      }),
    ]);
  });

  it('recognises the TTL deletion DynamoDB Local reports as UNKNOWN_TO_SDK_VERSION', () => {
    const ttl = records.find((r) => r.dynamodb?.Keys?.['pk']?.S === 'order#o-4' && r.eventName !== 'INSERT');
    expect(ttl?.eventName).toBe('UNKNOWN_TO_SDK_VERSION');
    expect(ttl?.userIdentity).toBeUndefined();
    expect(decodeStreamRecord(ttl)).toMatchObject({ kind: 'change', expired: true });
  });

  it('skips the aggregate record of a multi-event change, which carries no event', () => {
    const skipped = decodedBoth().filter((d) => d.kind === 'skipped');
    expect(skipped).toHaveLength(2); // o-3's aggregate item, and o-4's hand-written INSERT
    expect(skipped.every((d) => d.kind === 'skipped' && d.reason.includes('no outboxEvent attribute'))).toBe(
      true,
    );
  });
});
