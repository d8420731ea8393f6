import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AggregateChange } from '@outflow/core-application';
import { OUTBOX_BUS_ENTRY_MAX_BYTES, PAYLOAD_LIMITS, isPayloadTooLargeError } from '@outflow/core-domain';
import { makeEvent } from '@outflow/testing';
import { DynamoDbOutboxStore } from './dynamodb-outbox-store';
import { OutboxChangeTooLargeError } from './errors';

/** A client that accepts every write and records it: what reaches DynamoDB is what we assess. */
function recordingStore(): { store: DynamoDbOutboxStore; sent: unknown[] } {
  const client = new DynamoDBClient({
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const sent: unknown[] = [];
  jest.spyOn(client, 'send').mockImplementation(async (command: unknown) => {
    sent.push(command);
    return {};
  });
  return { store: new DynamoDbOutboxStore({ tableName: 'orders', client, now: () => 0 }), sent };
}

/** One order change whose state (and so its event) carries `pad`; `n` changes the size by one byte. */
const change = (pad: string, n = 1, events = 1): AggregateChange => {
  const state = { n, pad };
  return {
    aggregateType: 'order',
    aggregateId: 'o-1',
    expectedVersion: 0,
    state: events === 1 ? state : { n: 1 },
    events: Array.from({ length: events }, (_, i) => makeEvent('order', 'o-1', 1, { state }, `e-${i}`)),
  };
};

/** The size the store reports for a change it refuses. */
async function reportedBytes(store: DynamoDbOutboxStore, refused: AggregateChange): Promise<number> {
  const error = await store.save(refused).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OutboxChangeTooLargeError))
    throw new Error(`expected a refusal, got ${String(error)}`);
  return error.bytes;
}

/**
 * A change exactly `limit` bytes large by the store's count: a probe far over the limit gives the
 * size of a known padding; `perChar` bytes per padding character, and `n = 10` instead of 1 adds
 * one byte of event text when the remainder is odd.
 */
async function changeAt(
  store: DynamoDbOutboxStore,
  limit: number,
  perChar: number,
  events = 1,
): Promise<(extra: number) => AggregateChange> {
  const probe = limit; // characters: far over every limit once counted
  const base = (await reportedBytes(store, change('x'.repeat(probe), 1, events))) - perChar * probe;
  const remainder = limit - base;
  const odd = remainder % perChar;
  return (extra) => change('x'.repeat((remainder - odd) / perChar + extra), odd === 0 ? 1 : 10, events);
}

describe('Class: DynamoDbOutboxStore payload limits (issue 12, item 11)', () => {
  it('writes a change whose aggregate item is exactly 400 KB and refuses one byte more, before writing', async () => {
    // Prepare: a one-event change holds the state twice (state map + event text): 2 bytes per character
    const { store, sent } = recordingStore();
    const sized = await changeAt(store, PAYLOAD_LIMITS.dynamoDbItem, 2);
    sent.length = 0;

    // Act
    await store.save(sized(0));
    // n: 123 takes 3 bytes in the state map where 1 or 10 take 2 (1 byte per 2 significant digits + 1)
    const over = store.save({ ...sized(0), state: { ...sized(0).state, n: 123 } });

    // Assess
    expect(sent).toHaveLength(1);
    await expect(over).rejects.toThrow(
      'change of order o-1: its aggregate item (state and event) is 409601 bytes; ' +
        'a DynamoDB item (400 KB) allows at most 409600 bytes',
    );
    expect(sent).toHaveLength(1);
  });

  it('refuses a change whose bus entry exceeds the Pipe limit, naming event, size and limit (256 KB)', async () => {
    // Prepare: with several events each outbox item holds one event, so the bus entry binds first
    const { store, sent } = recordingStore();
    const sized = await changeAt(store, OUTBOX_BUS_ENTRY_MAX_BYTES, 1, 2);
    sent.length = 0;

    // Act + Assess
    await store.save(sized(0));
    expect(sent).toHaveLength(1);
    const error = await store.save(sized(1)).catch((e: unknown) => e);
    expect(isPayloadTooLargeError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'OUTBOX_CHANGE_TOO_LARGE',
      bytes: 262_145,
      limitBytes: 262_144,
      message: expect.stringContaining('the bus entry of event e-0'),
    });
    expect((error as Error).message).toContain(
      'is 262145 bytes; the EventBridge Pipe (256 KB, until AWS documents a larger payload for Pipes) allows at most 262144 bytes',
    );
    expect(sent).toHaveLength(1);
  });

  it('counts text escaped again in the bus entry: quotes weigh 4 bytes there and 3 in the item', async () => {
    // A state of 65,600 quotes: item ≈ 197 KB (fits), bus entry ≈ 262,400 bytes (over 256 KB).
    const { store, sent } = recordingStore();
    const error = await store.save(change('"'.repeat(65_600))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxChangeTooLargeError);
    expect((error as OutboxChangeTooLargeError).limit).toMatch(/EventBridge Pipe/);
    expect((error as OutboxChangeTooLargeError).bytes).toBeGreaterThan(4 * 65_600);
    expect(sent).toHaveLength(0);
  });

  it('counts multi-byte characters by their UTF-8 bytes', async () => {
    // 'é' is 2 bytes in UTF-8: 52,000 of them (state map + event text = 4 bytes each) pass 400 KB.
    const { store } = recordingStore();
    const error = await store.save(change('é'.repeat(110_000))).catch((e: unknown) => e);
    expect((error as OutboxChangeTooLargeError).bytes).toBeGreaterThan(4 * 110_000);
    await expect(store.save(change('é'.repeat(52_000)))).resolves.toBeUndefined();
  });
});
