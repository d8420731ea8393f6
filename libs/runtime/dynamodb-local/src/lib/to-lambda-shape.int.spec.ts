import { DeleteItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { sleep } from '@outflow/core-application';
import { compileEventPattern } from '@outflow/event-patterns';
import { makeEvent, outboxImage } from '@outflow/testing';
import { OUTBOX_FILTER_PATTERN } from '@outflow/topology';
import { readAllStreamRecords } from '../testing/read-all-stream-records';
import {
  createClient,
  createStreamsClient,
  startDynamoDbLocal,
  type RunningDynamoDbLocal,
} from './dynamodb-local';
import { ensureTable } from './tables';
import { isTtlDeletion, toLambdaShape, type LambdaStreamRecord } from './to-lambda-shape';

/** The userIdentity AWS documents for TTL deletions (DynamoDB Streams and TTL). */
const TTL_IDENTITY = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };

/** Real records: written to DynamoDB Local, read back with GetRecords, shaped as Lambda and Pipes get them. */
describe('Function: toLambdaShape on real DynamoDB Local records', () => {
  jest.setTimeout(90_000);
  let emulator: RunningDynamoDbLocal;
  let client: DynamoDBClient;
  let streams: DynamoDBStreamsClient;
  let shaped: LambdaStreamRecord[];
  const key = (id: string) => ({ pk: { S: `order#${id}` }, sk: { S: 'AGGREGATE' } });
  const v1 = makeEvent('order', 'o-1', 1, { state: { n: 1 } });
  const v2 = makeEvent('order', 'o-1', 2, { state: { n: 2 } });
  const binaryAttributes = {
    blob: { B: new Uint8Array([1, 2, 3]) },
    blobs: { BS: [new Uint8Array([1, 2, 3]), new Uint8Array([255])] },
    nested: { M: { inner: { B: new Uint8Array([1, 2, 3]) }, list: { L: [{ B: new Uint8Array([0]) }] } } },
  };
  const exactNumbers = {
    version: { N: '9007199254740993' },
    state: { M: { total: { N: '1.23E+40' }, id: { N: '3804086584686624768' } } },
  };

  beforeAll(async () => {
    emulator = await startDynamoDbLocal();
    client = createClient(emulator.endpoint);
    streams = createStreamsClient(emulator.endpoint);
    const TableName = 'shapes';
    const { streamArn } = await ensureTable(client, {
      TableName,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    const put = (item: Record<string, unknown>) =>
      client.send(new PutItemCommand({ TableName, Item: item as never }));
    await put({ ...key('o-1'), ...outboxImage(v1) }); // INSERT with an outbox event
    await put({ ...key('o-1'), ...outboxImage(v2) }); // MODIFY with an outbox event
    await put({ ...key('o-2'), note: { S: 'no outbox event' } }); // INSERT without one
    await client.send(new DeleteItemCommand({ TableName, Key: key('o-2') })); // REMOVE by a user
    await put({ ...key('o-4'), ...binaryAttributes }); // INSERT with binary attributes
    await put({ ...key('o-5'), ...exactNumbers }); // INSERT, then REMOVE: numbers a double cannot hold
    await client.send(new DeleteItemCommand({ TableName, Key: key('o-5') }));
    // TTL a minute ago (TTL ignores times more than five years old): DynamoDB Local removes it within seconds.
    await put({ ...key('o-3'), expiresAt: { N: String(Math.floor(Date.now() / 1000) - 60) } });
    for (let i = 0; i < 200; i++) {
      shaped = (await readAllStreamRecords(streams, streamArn as string)).map((r) =>
        toLambdaShape(r, streamArn as string),
      );
      if (shaped.some((r) => r.eventName === 'REMOVE' && r.dynamodb['Keys'] && isTtlDeletion(r))) break;
      await sleep(300);
    }
  });
  afterAll(async () => {
    client?.destroy();
    streams?.destroy();
    await emulator?.stop();
  });

  it('shapes every record as Lambda delivers it: event names, epoch-second creation times, the stream ARN', () => {
    expect(shaped.map((r) => r.eventName)).toEqual([
      'INSERT',
      'MODIFY',
      'INSERT',
      'REMOVE',
      'INSERT',
      'INSERT',
      'REMOVE',
      'INSERT',
      'REMOVE',
    ]);
    for (const record of shaped) {
      expect(record).toMatchObject({
        eventSource: 'aws:dynamodb',
        eventSourceARN: expect.stringContaining('/stream/'),
      });
      expect(record.dynamodb['ApproximateCreationDateTime']).toEqual(expect.any(Number));
      expect(record.dynamodb['SequenceNumber']).toMatch(/^\d+$/);
    }
  });

  it('reports the TTL deletion as AWS does (REMOVE by the DynamoDB service), and only that one', () => {
    expect(shaped.filter((r) => isTtlDeletion(r)).map((r) => [r.dynamodb['Keys'], r.userIdentity])).toEqual([
      [key('o-3'), TTL_IDENTITY],
    ]);
  });

  it("lets exactly the outbox changes through the topology's Pipe filter", () => {
    const filter = compileEventPattern(OUTBOX_FILTER_PATTERN);
    expect(shaped.filter((r) => filter.matches(r)).map((r) => r.dynamodb['NewImage'])).toEqual([
      { ...key('o-1'), ...outboxImage(v1) },
      { ...key('o-1'), ...outboxImage(v2) },
    ]);
  });

  it('gives binary attributes as base64 text, as Lambda and Pipes receive them, so a base64 filter matches', () => {
    // Prepare
    const record = shaped.find(
      (r) =>
        r.eventName === 'INSERT' && r.dynamodb['NewImage'] && 'blob' in (r.dynamodb['NewImage'] as object),
    );
    const filter = compileEventPattern({ dynamodb: { NewImage: { blob: { B: ['AQID'] } } } });

    // Assess
    expect(record?.dynamodb['NewImage']).toEqual({
      ...key('o-4'),
      blob: { B: 'AQID' },
      blobs: { BS: expect.arrayContaining(['AQID', '/w==']) },
      nested: { M: { inner: { B: 'AQID' }, list: { L: [{ B: 'AA==' }] } } },
    });
    expect(shaped.filter((r) => filter.matches(r)).map((r) => r.dynamodb['Keys'])).toEqual([key('o-4')]);
  });

  it('keeps every number of an old image as DynamoDB wrote it: a REMOVE passes, nothing is rounded', () => {
    const removed = shaped.find(
      (r) =>
        r.eventName === 'REMOVE' &&
        (r.dynamodb['Keys'] as { pk: { S: string } } | undefined)?.pk.S === 'order#o-5',
    );
    expect(removed?.dynamodb['OldImage']).toEqual({
      ...key('o-5'),
      version: { N: '9007199254740993' },
      state: {
        M: { total: { N: expect.stringMatching(/^1\.23E\+?40$/i) }, id: { N: '3804086584686624768' } },
      },
    });
  });
});
