import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AggregateChange } from '@outflow/core-application';
import { PAYLOAD_LIMITS } from '@outflow/core-domain';
import { createClient, ensureTable } from '@outflow/dynamodb-local';
import { dynamoDbLocalEndpoint } from '@outflow/dynamodb-local/testing';
import { makeEvent } from '@outflow/testing';
import { LosslessNumber } from 'lossless-json';
import { DynamoDbOutboxStore } from './dynamodb-outbox-store';
import { OutboxChangeTooLargeError } from './errors';
import { outboxTable } from './table';

const change = (id: string, pad: string, n = 1): AggregateChange => ({
  aggregateType: 'order',
  aggregateId: id,
  expectedVersion: 0,
  state: { n, pad },
  events: [makeEvent('order', id, 1, { state: { n, pad } }, `${id}-e`)],
});

describe('DynamoDbOutboxStore on DynamoDB Local: sizes and exact numbers (issue 12)', () => {
  const client = createClient(dynamoDbLocalEndpoint());
  let store: DynamoDbOutboxStore;
  let tableName: string;
  beforeAll(async () => {
    tableName = `limits-${Date.now().toString(36)}`;
    await ensureTable(client, outboxTable(tableName));
    store = new DynamoDbOutboxStore({ tableName, client });
  });
  afterAll(() => client.destroy());

  it('DynamoDB accepts the item the store counts as exactly 400 KB; one byte more is refused and not written', async () => {
    // Prepare: learn the size of a known padding from a refusal (2 bytes per character: state + event
    // text); ids of one length, as an id appears several times in the item
    const probe = await store.save(change('probe-01', 'x'.repeat(300_000))).catch((e: unknown) => e);
    const base = (probe as OutboxChangeTooLargeError).bytes - 2 * 300_000;
    const remainder = PAYLOAD_LIMITS.dynamoDbItem - base;
    const n = remainder % 2 === 0 ? 1 : 10; // 10 adds one byte of event text
    const pad = 'x'.repeat(Math.floor(remainder / 2));

    // Act
    await store.save(change('at-limit', pad, n));
    const over = await store
      .save({ ...change('over-001', pad, n), state: { n: 123, pad: pad } })
      .catch((e: unknown) => e);

    // Assess
    expect((await store.load('order', 'at-limit'))?.version).toBe(1);
    expect(over).toBeInstanceOf(OutboxChangeTooLargeError);
    expect(over).toMatchObject({
      bytes: PAYLOAD_LIMITS.dynamoDbItem + 1,
      limitBytes: PAYLOAD_LIMITS.dynamoDbItem,
    });
    expect(await store.load('order', 'over-001')).toBeUndefined();
  });

  it('loads state numbers JavaScript cannot hold with their exact value (1.23e+40, 3804086584686624768)', async () => {
    // Prepare: an item written by another writer (a script, a backfill)
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: 'order#o-big' },
          sk: { S: 'AGGREGATE' },
          version: { N: '4' },
          state: { M: { total: { N: '1.23e+40' }, id: { N: '3804086584686624768' }, qty: { N: '2' } } },
        },
      }),
    );

    // Act
    const snapshot = await store.load('order', 'o-big');

    // Assess
    expect(snapshot?.version).toBe(4);
    expect(snapshot?.state).toEqual({
      total: expect.any(LosslessNumber),
      id: new LosslessNumber('3804086584686624768'),
      qty: 2,
    });
    expect(Number(String(snapshot?.state?.['total']))).toBe(1.23e40);
  });

  it('writes a loaded state back with every number unchanged (read, change, save, read)', async () => {
    // Prepare
    const loaded = await store.load('order', 'o-big');
    const state = { ...(loaded?.state ?? {}), note: 'saved again' };
    const event = makeEvent('order', 'o-big', 5, { state }, 'o-big-e5');

    // Act
    await store.save({
      aggregateType: 'order',
      aggregateId: 'o-big',
      expectedVersion: 4,
      state,
      events: [event],
    });
    const item = await client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'order#o-big' }, sk: { S: 'AGGREGATE' } } }),
    );

    // Assess
    expect(item.Item?.['state']?.M?.['id']).toEqual({ N: '3804086584686624768' });
    expect(item.Item?.['outboxEvent']?.S).toContain('"id":3804086584686624768');
    expect((await store.load('order', 'o-big'))?.state).toEqual(state);
  });

  it('refuses a stored version of 9007199254740993 naming the attribute, not with a BigInt TypeError', async () => {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: 'order#o-v' }, sk: { S: 'AGGREGATE' }, version: { N: '9007199254740993' } },
      }),
    );
    await expect(store.load('order', 'o-v')).rejects.toThrow(
      `the item of order o-v in ${tableName} cannot be read: version: expected an integer ≥ 1 of at most 9007199254740991`,
    );
    await expect(store.load('order', 'o-v')).rejects.toThrow('got 9007199254740993');
  });
});
