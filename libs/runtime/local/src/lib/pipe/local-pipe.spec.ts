import { outboxBusEntryBytes, PAYLOAD_LIMITS, toBusEventDetail } from '@outflow/core-domain';
import { makeEvent, streamRecord } from '@outflow/testing';
import { outboxPipe } from '@outflow/topology';
import type { PutEventsEntry } from '../bus/event-bus';
import type { DeadLetterEntry } from '../runtime/dead-letters';
import { LocalPipe, type PipeRecord } from './local-pipe';

const outboxRecord = (n: number, eventName = 'MODIFY'): PipeRecord =>
  streamRecord({
    event: makeEvent('order', `o-${n}`, 1, { state: { n } }),
    eventName,
    eventID: `r${n}`,
    sequenceNumber: n,
    approximateCreationDateTime: 1_800_000_000,
  });

const makePipe = (putEvents: (e: readonly PutEventsEntry[]) => Promise<unknown>, overrides = {}) => {
  const dead: DeadLetterEntry[] = [];
  const pipe = new LocalPipe({
    name: 'orders-pipe',
    definition: outboxPipe('order', overrides),
    putEvents,
    onDeadLetter: (d) => dead.push(d),
    sourceArn: 'arn:stream',
    retryBackoff: { baseMs: 1, maxMs: 1 },
    now: () => 1_800_000_100_000,
  });
  return { pipe, dead };
};

describe('Class: LocalPipe', () => {
  it('filters, renders the template and puts batches of at most 10 on the bus', async () => {
    const batches: (readonly PutEventsEntry[])[] = [];
    const { pipe } = makePipe(async (e) => batches.push(e));
    const records = [
      ...Array.from({ length: 12 }, (_, i) => outboxRecord(i)),
      streamRecord({ eventID: 'x', eventName: 'REMOVE', sequenceNumber: 99 }),
    ];
    await pipe.process(records);
    expect(batches.map((b) => b.length)).toEqual([10, 2]);
    expect(batches[0]![0]).toEqual({
      source: 'outflow.order',
      detailType: 'order.changed',
      detail: toBusEventDetail(makeEvent('order', 'o-0', 1, { state: { n: 0 } }), 1_800_000_000),
    });
    expect(pipe.stats).toMatchObject({ read: 13, filteredOut: 1, sent: 12 });
  });

  it('bisects a failing batch and dead-letters only the record that keeps failing', async () => {
    const { pipe, dead } = makePipe(
      async (entries) => {
        if (entries.some((e) => (e.detail as { aggregateId: string }).aggregateId === 'o-3'))
          throw new Error('entry too large');
      },
      { maximumRetryAttempts: 2 },
    );
    await pipe.process(Array.from({ length: 6 }, (_, i) => outboxRecord(i)));
    expect(dead).toMatchObject([
      {
        from: 'pipe:orders-pipe',
        payload: { eventID: 'r3' },
        reason: 'retries exhausted (3 attempts): entry too large',
      },
    ]);
    expect(pipe.stats).toMatchObject({ sent: 5, deadLettered: 1, retries: 2 });
  });

  it('dead-letters records older than maximumRecordAgeInSeconds', async () => {
    const { pipe, dead } = makePipe(async () => undefined, { maximumRecordAgeInSeconds: 60 });
    await pipe.process([outboxRecord(1)]);
    expect(dead[0]?.reason).toBe('record older than maximumRecordAgeInSeconds (60 s)');
  });
});

describe('Class: LocalPipe payload limit (issue 12, item 11)', () => {
  const padded = (k: number) =>
    streamRecord({
      event: makeEvent('order', 'o-big', 1, { state: { pad: 'x'.repeat(k) } }, 'e-big'),
      eventID: `big-${k}`,
      approximateCreationDateTime: 1_800_000_000,
    });
  const countOf = (reason: string | undefined) => Number(/of (\d+) bytes/.exec(reason ?? '')?.[1]);

  it("sends an entry of exactly 256 KB, dead-letters one byte more naming both, and agrees with the store's estimate", async () => {
    // Prepare: learn the entry size of a known padding (1 byte per character) from a refusal
    const probe = makePipe(async () => undefined, { maximumRetryAttempts: 0 });
    await probe.pipe.process([padded(300_000)]);
    const base = countOf(probe.dead[0]?.reason) - 300_000;
    const atLimit = PAYLOAD_LIMITS.pipeEvent - base;
    const sent: PutEventsEntry[] = [];
    const { pipe, dead } = makePipe(async (entries) => void sent.push(...entries), {
      maximumRetryAttempts: 0,
    });

    // Act
    await pipe.process([padded(atLimit), padded(atLimit + 1)]);

    // Assess
    expect(sent.map((e) => (e.detail as { eventId: string }).eventId)).toEqual(['e-big']);
    expect(dead.map((d) => d.reason)).toEqual([
      `retries exhausted (1 attempts): record big-${atLimit + 1} renders a bus entry of 262145 bytes; ` +
        "the Pipe's limit is 262144 bytes (256 KB)",
    ]);
    // The outbox store refuses by outboxBusEntryBytes: the same count plus Time's 14 bytes.
    const event = makeEvent('order', 'o-big', 1, { state: { pad: 'x'.repeat(atLimit + 1) } }, 'e-big');
    expect(outboxBusEntryBytes(event)).toBe(262_145 + 14);
  });
});
