import {
  DeleteItemCommand,
  DescribeTableCommand,
  ScanCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ConcurrencyError } from '@outflow/core-domain';
import type { AggregateChange } from '@outflow/core-application';
import { createClient, createStreamsClient, ensureTable } from '@outflow/dynamodb-local';
import { dynamoDbLocalEndpoint, readAllStreamRecords as readStream } from '@outflow/dynamodb-local/testing';
import { describeOutboxStoreContract, makeEvent } from '@outflow/testing';
import { DynamoDbOutboxStore } from './dynamodb-outbox-store';
import { outboxTable } from './table';

let tableCounter = 0;
async function freshTable(client: DynamoDBClient): Promise<{ tableName: string; streamArn: string }> {
  const tableName = `outbox-${Date.now().toString(36)}-${(tableCounter += 1)}`;
  const { streamArn } = await ensureTable(client, outboxTable(tableName));
  return { tableName, streamArn: streamArn as string };
}

const state = (n: number) => ({ n, items: [{ sku: 'A', quantity: n }] });
const change = (id: string, expectedVersion: number, events = 1): AggregateChange => ({
  aggregateType: 'order',
  aggregateId: id,
  expectedVersion,
  state: state(expectedVersion + 1),
  events: Array.from({ length: events }, (_, i) =>
    makeEvent(
      'order',
      id,
      expectedVersion + 1,
      { state: state(expectedVersion + 1) },
      `${id}-v${expectedVersion + 1}-e${i}`,
    ),
  ),
});

const deletionOf = (id: string, expectedVersion: number): AggregateChange => ({
  aggregateType: 'order',
  aggregateId: id,
  expectedVersion,
  state: null,
  events: [makeEvent('order', id, expectedVersion + 1, { deleted: true })],
});

describe('DynamoDbOutboxStore on DynamoDB Local', () => {
  const client = createClient(dynamoDbLocalEndpoint());
  const streams = createStreamsClient(dynamoDbLocalEndpoint());
  afterAll(() => {
    client.destroy();
    streams.destroy();
  });

  describeOutboxStoreContract('DynamoDbOutboxStore on DynamoDB Local', {
    open: async () => new DynamoDbOutboxStore({ tableName: (await freshTable(client)).tableName, client }),
  });

  it('turns each single-event change into exactly one stream record carrying its event and version', async () => {
    // Prepare
    const { tableName, streamArn } = await freshTable(client);
    const store = new DynamoDbOutboxStore({ tableName, client });
    const changes = [change('o-1', 0), change('o-1', 1), change('o-2', 0), change('o-1', 2)];
    // Act
    for (const c of changes) await store.save(c);
    await store.save(change('o-1', 0)).catch(() => undefined); // a refused write adds no record
    // Assess
    const records = await readStream(streams, streamArn);
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'INSERT', 'MODIFY']);
    expect(records.map((r) => JSON.parse(r.dynamodb?.NewImage?.['outboxEvent']?.S ?? 'null'))).toEqual(
      changes.map((c) => c.events[0]),
    );
    expect(records.map((r) => r.dynamodb?.NewImage?.['outboxAggregateVersion']?.N)).toEqual([
      '1',
      '2',
      '1',
      '3',
    ]);
    expect(records[1]?.dynamodb?.OldImage?.['outboxAggregateVersion']?.N).toBe('1');
  });

  it('writes a multi-event change as one transaction: one record per event, all or nothing', async () => {
    const { tableName, streamArn } = await freshTable(client);
    const store = new DynamoDbOutboxStore({ tableName, client, now: () => Date.UTC(2030, 0, 1) });
    // Act
    await store.save(change('o-m', 0, 3));
    await expect(store.save(change('o-m', 0, 2))).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    // Assess: the aggregate item (no outbox attributes) + 3 outbox items, nothing from the refused change.
    const records = await readStream(streams, streamArn);
    expect(records).toHaveLength(4);
    const withEvents = records.filter((r) => r.dynamodb?.NewImage?.['outboxEvent']);
    expect(withEvents.map((r) => r.dynamodb?.Keys?.['sk']?.S)).toEqual([
      'OUTBOX#000000000001#0000',
      'OUTBOX#000000000001#0001',
      'OUTBOX#000000000001#0002',
    ]);
    expect(withEvents.map((r) => r.dynamodb?.NewImage?.['expiresAt']?.N)).toEqual(
      Array(3).fill(String(Date.UTC(2030, 0, 1) / 1000 + 86_400)),
    );
    expect(
      withEvents.map((r) => JSON.parse(r.dynamodb?.NewImage?.['outboxEvent']?.S ?? '{}').eventId),
    ).toEqual(['o-m-v1-e0', 'o-m-v1-e1', 'o-m-v1-e2']);
    expect(
      records.find((r) => r.dynamodb?.Keys?.['sk']?.S === 'AGGREGATE')?.dynamodb?.NewImage?.['outboxEvent'],
    ).toBeUndefined();
  });

  it('keeps the deletion event on the tombstone, which never expires (no TTL attribute)', async () => {
    const { tableName, streamArn } = await freshTable(client);
    const store = new DynamoDbOutboxStore({ tableName, client, now: () => 1_000_000 });
    await store.save(change('o-d', 0));
    const deletion = makeEvent('order', 'o-d', 2, { deleted: true });
    await store.save({ ...deletionOf('o-d', 1), events: [deletion] });
    const [, tombstone] = await readStream(streams, streamArn);
    expect(tombstone?.eventName).toBe('MODIFY');
    expect(tombstone?.dynamodb?.NewImage).toMatchObject({
      deleted: { BOOL: true },
      outboxEvent: { S: JSON.stringify(deletion) },
    });
    expect(tombstone?.dynamodb?.NewImage?.['state']).toBeUndefined();
    expect(tombstone?.dynamodb?.NewImage?.['expiresAt']).toBeUndefined();
  });

  it('never lets an id go back to version 1: after TTL removes the outbox items, the tombstone still holds the version', async () => {
    // Prepare: v1 with two events (outbox items with a TTL), v2 deleted.
    const { tableName } = await freshTable(client);
    const store = new DynamoDbOutboxStore({ tableName, client, now: () => 1_000_000 });
    await store.save(change('o-ttl', 0, 2));
    await store.save(deletionOf('o-ttl', 1));
    // Act: what DynamoDB's TTL does once `expiresAt` passes — it deletes every item that carries it.
    const { Items = [] } = await client.send(
      new ScanCommand({ TableName: tableName, FilterExpression: 'attribute_exists(expiresAt)' }),
    );
    for (const item of Items)
      await client.send(
        new DeleteItemCommand({ TableName: tableName, Key: { pk: item['pk']!, sk: item['sk']! } }),
      );
    // Assess: only the outbox items expired; the id cannot start over at version 1.
    expect(Items.map((item) => item['sk']?.S)).toEqual([
      'OUTBOX#000000000001#0000',
      'OUTBOX#000000000001#0001',
    ]);
    expect(await store.load('order', 'o-ttl')).toEqual({
      aggregateType: 'order',
      aggregateId: 'o-ttl',
      version: 2,
      state: null,
    });
    await expect(store.save(change('o-ttl', 0))).rejects.toThrow(ConcurrencyError);
    // A write that knows the tombstone continues after it (the orders API refuses to reuse the id).
    await store.save(change('o-ttl', 2));
    expect((await store.load('order', 'o-ttl'))?.version).toBe(3);
  });

  it('creates the table with the stream, TTL and keys of the shared definition', async () => {
    const { tableName } = await freshTable(client);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });
});
