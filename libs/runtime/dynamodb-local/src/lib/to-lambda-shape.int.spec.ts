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
});
