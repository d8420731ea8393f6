import { ApplyChanges } from '@outflow/core-application';
import { createSqsApplyHandler, silentLogger } from '@outflow/runtime-lambda';
import { buildHistory, finalEvents, InMemoryProjectionStore, streamRecord } from '@outflow/testing';
import { outflowTopology, subscription, type OutflowTopology } from '@outflow/topology';
import { toBusEventDetail, type OutboxEvent } from '@outflow/core-domain';
import { FakeStream } from '../../../test/fake-stream';
import { InMemoryCheckpointStore } from '../stream/checkpoints';
import { InMemoryDeadLetters, type DeadLetterEntry } from './dead-letters';
import { LocalRuntime, type LocalRuntimeOptions } from './local-runtime';

/** The reference topology's legacy-rdb leg only (per-aggregate): these specs give one handler. */
const legacyRdbOnly: OutflowTopology = {
  ...outflowTopology,
  subscriptions: outflowTopology.subscriptions.filter((s) => s.name === 'legacy-rdb'),
};

const seeded = (seed: number) => () => (seed = (seed * 16807) % 2147483647) / 2147483647;

/** Histories for `count` orders, interleaved as a table's stream would carry them. */
function interleavedHistories(count: number, random: () => number): OutboxEvent[] {
  const histories = Array.from({ length: count }, (_, i) =>
    buildHistory(
      'order',
      `o-${i}`,
      Array.from(
        { length: 1 + Math.floor(random() * 5) },
        (_, v, all = 0) => v > 0 && v === all && random() < 0.2,
      ),
      (id, v) => ({ id, v }),
    ),
  );
  const out: OutboxEvent[] = [];
  while (histories.some((h) => h.length > 0)) {
    const open = histories.filter((h) => h.length > 0);
    out.push((open[Math.floor(random() * open.length)] as OutboxEvent[]).shift() as OutboxEvent);
  }
  return out;
}

function runtimeFor(
  stream: FakeStream,
  store: InMemoryProjectionStore,
  extra: Partial<LocalRuntimeOptions> = {},
  checkpoints = new InMemoryCheckpointStore(),
) {
  const deadLetters = new InMemoryDeadLetters();
  const runtime = new LocalRuntime({
    topology: legacyRdbOnly,
    sources: { orders: { reader: stream, checkpoints } },
    handlers: { 'legacy-rdb': createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger }) },
    deadLetters,
    // AWS time × 0.001: visibility 180 s → 180 ms, buffer 60 s → 60 ms, polling every 1 ms.
    timeScale: 0.001,
    pollBatchSize: 25,
    ...extra,
  });
  return { runtime, deadLetters, checkpoints };
}

const expectConverged = async (store: InMemoryProjectionStore, events: readonly OutboxEvent[]) => {
  for (const [id, last] of finalEvents(events)) {
    const held = await store.read('order', id);
    expect(held).toEqual(
      last.deleted
        ? { kind: 'tombstone', version: last.aggregateVersion }
        : { kind: 'present', version: last.aggregateVersion, state: last.state },
    );
  }
};

describe('Class: LocalRuntime', () => {
  jest.setTimeout(60_000);

  const unorderedTopology: OutflowTopology = {
    ...outflowTopology,
    subscriptions: [subscription('legacy-rdb', 'legacy-rdb-sync', ['order'], { delivery: 'unordered' })],
  };

  it.each([
    ['per-aggregate', legacyRdbOnly],
    ['unordered', unorderedTopology],
  ] as const)(
    'carries every change from the stream to the downstream handler and converges (%s)',
    async (mode, topology) => {
      const events = interleavedHistories(40, seeded(1));
      const stream = new FakeStream([
        {
          shardId: 's1',
          closed: false,
          records: events.map((e, i) => streamRecord({ event: e, sequenceNumber: i + 1 })),
        },
      ]);
      const store = new InMemoryProjectionStore();
      const { runtime } = runtimeFor(stream, store, { topology });
      runtime.start();
      await runtime.waitForIdle();
      await runtime.stop();
      await expectConverged(store, events);
      expect(runtime.stats()).toMatchObject({
        timeScale: 0.001,
        sources: { orders: { read: events.length, sent: events.length } },
        subscriptions: { 'legacy-rdb': { mode, failed: 0, depth: 0, deadLettered: 0, inFlightBatches: 0 } },
      });
    },
  );

  it.each([
    ['per-aggregate', legacyRdbOnly, 'legacy-rdb-buffer'],
    ['unordered', unorderedTopology, 'legacy-rdb'],
  ] as const)(
    'sendToEntryQueue puts bodies on the entry queue (%s: %s), which the consumer applies like live changes',
    async (_mode, topology, entryQueue) => {
      const events = interleavedHistories(5, seeded(9));
      const store = new InMemoryProjectionStore();
      const { runtime } = runtimeFor(new FakeStream([{ shardId: 's1', closed: false, records: [] }]), store, {
        topology,
      });
      expect(runtime.subscriptionRuntime('legacy-rdb').entryQueue.name).toBe(entryQueue);
      const ids = runtime.sendToEntryQueue(
        'legacy-rdb',
        events.map((e) => JSON.stringify(toBusEventDetail(e))),
      );
      expect(new Set(ids).size).toBe(events.length);
      runtime.start();
      await runtime.waitForIdle();
      await runtime.stop();
      await expectConverged(store, events);
      expect(() => runtime.sendToEntryQueue('nope', [])).toThrow(
        'no subscription named "nope" runs here; the topology has: legacy-rdb',
      );
    },
  );

  it('converges with duplicates and reordering injected at the bus and consumers crashing before the ack', async () => {
    const random = seeded(42);
    const events = interleavedHistories(60, random);
    const stream = new FakeStream([
      {
        shardId: 'parent',
        closed: true,
        records: events.slice(0, 100).map((e, i) => streamRecord({ event: e, sequenceNumber: i + 1 })),
      },
      {
        shardId: 'child',
        parentShardId: 'parent',
        closed: false,
        records: events.slice(100).map((e, i) => streamRecord({ event: e, sequenceNumber: i + 1001 })),
      },
    ]);
    const store = new InMemoryProjectionStore();
    const { runtime } = runtimeFor(stream, store, {
      faults: { bus: { duplicateRate: 0.3, reorder: true, random }, crashAfterHandlerRate: 0.2, random },
    });
    runtime.start();
    await runtime.waitForIdle();
    await runtime.stop();
    await expectConverged(store, events);
    const stats = runtime.stats();
    expect(stats.bus.duplicatesInjected).toBeGreaterThan(0);
    expect(stats.subscriptions['legacy-rdb']?.crashesInjected).toBeGreaterThan(0);
    expect(stats.deadLetters).toBe(0);
  });

  it('moves a poison message to the DLQ with its reason after maxReceiveCount, tells onDeadLetter, and applies the rest', async () => {
    const events = interleavedHistories(10, seeded(3));
    const poison = events.find((e) => e.aggregateId === 'o-4') as OutboxEvent;
    const store = new InMemoryProjectionStore({
      reject: (e) => (e.eventId === poison.eventId ? 'value too large for column total_amount' : undefined),
    });
    const stream = new FakeStream([
      { shardId: 's1', closed: false, records: [streamRecord({ event: poison, sequenceNumber: 1 })] },
    ]);
    const told: DeadLetterEntry[] = [];
    const { runtime, deadLetters } = runtimeFor(stream, store, { onDeadLetter: (entry) => told.push(entry) });
    runtime.start();
    await runtime.waitForIdle();
    const others = events.filter((e) => e.aggregateId !== 'o-4');
    stream.append('s1', ...others.map((e, i) => streamRecord({ event: e, sequenceNumber: i + 2 })));
    await runtime.waitForIdle();
    await runtime.stop();
    expect(deadLetters.list()).toMatchObject([
      {
        from: 'queue:legacy-rdb.fifo',
        reason: 'value too large for column total_amount',
        payload: {
          groupId: 'order#o-4',
          receiveCount: outflowTopology.subscriptions[0]!.queue.maxReceiveCount,
        },
      },
    ]);
    expect(JSON.parse((deadLetters.list()[0]?.payload as { body: string }).body).detail).toMatchObject({
      aggregateId: 'o-4',
      eventId: poison.eventId,
    });
    expect(told).toEqual(deadLetters.list());
    expect(runtime.stats().subscriptions['legacy-rdb']?.deadLetteredBy).toEqual({
      'queue:legacy-rdb-buffer': 0,
      'queue:legacy-rdb.fifo': 1,
      'rule:legacy-rdb': 0,
    });
    await expectConverged(store, others);
  });

  it('loses nothing when killed mid-stream and restarted, re-reading only what was not settled', async () => {
    const events = interleavedHistories(80, seeded(9));
    const stream = new FakeStream([
      {
        shardId: 's1',
        closed: false,
        records: events.map((e, i) => streamRecord({ event: e, sequenceNumber: i + 1 })),
      },
    ]);
    const store = new InMemoryProjectionStore();
    const checkpoints = new InMemoryCheckpointStore();
    // First run: stopped as soon as the first records were applied (mid-stream).
    const first = runtimeFor(stream, store, {}, checkpoints).runtime;
    first.start();
    while ((first.stats().subscriptions['legacy-rdb']?.acked ?? 0) < 10)
      await new Promise((r) => setTimeout(r, 1));
    await first.stop();
    // The checkpoint covers only settled batches: every change up to it reached the store.
    const saved = Number(checkpoints.load()?.shards['s1']?.sequenceNumber ?? 0);
    expect(saved).toBeGreaterThan(0);
    for (const event of events.slice(0, saved)) {
      const held = await store.read('order', event.aggregateId);
      expect(held.kind === 'absent' ? 0 : held.version).toBeGreaterThanOrEqual(event.aggregateVersion);
    }
    const readBefore = stream.reads.length;
    // Second run from the saved checkpoint.
    const second = runtimeFor(stream, store, {}, checkpoints).runtime;
    second.start();
    await second.waitForIdle();
    await second.stop();
    await expectConverged(store, events);
    // The second run reads exactly what follows the checkpoint.
    expect(stream.reads.length - readBefore).toBe(events.length - saved);
    expect(store.appliedEventIds().size).toBeLessThanOrEqual(events.length);
  });

  it('keeps a stream batch unsettled and the runtime busy while the bus holds one of its deliveries back', async () => {
    // Prepare: every delivery is held 300 ms (a late EventBridge delivery).
    const [event] = interleavedHistories(1, seeded(5));
    const stream = new FakeStream([
      { shardId: 's1', closed: false, records: [streamRecord({ event, sequenceNumber: 1 })] },
    ]);
    const store = new InMemoryProjectionStore();
    const { runtime, checkpoints } = runtimeFor(stream, store, {
      faults: { bus: { holdRate: 1, holdMaxMs: 300, random: () => 0.999 } },
    });

    // Act: the record is read and its delivery held back.
    runtime.start();
    while (runtime.stats().bus.holdsInjected === 0) await new Promise((r) => setTimeout(r, 1));

    // Assess: nothing checkpointed while the delivery is held; idle only once it was made.
    expect(checkpoints.load()?.shards['s1']).toBeUndefined();
    await runtime.waitForIdle();
    expect(runtime.bus.held).toBe(0);
    expect(Number(checkpoints.load()?.shards['s1']?.sequenceNumber)).toBe(1);
    await runtime.stop();
    await expectConverged(store, [event as OutboxEvent]);
  });

  it.each([
    ['per-aggregate', legacyRdbOnly],
    ['unordered', unorderedTopology],
  ] as const)(
    'delivers changes sent to the entry queue (a backfill) to the consumer, past the bus (%s)',
    async (_mode, topology) => {
      const events = interleavedHistories(15, seeded(3));
      const store = new InMemoryProjectionStore();
      const { runtime } = runtimeFor(new FakeStream([{ shardId: 's1', closed: false, records: [] }]), store, {
        topology,
      });
      runtime.start();
      const queue = runtime.entryQueue('legacy-rdb');
      for (const event of events) queue.send({ body: JSON.stringify(toBusEventDetail(event)) });
      await runtime.waitForIdle();
      await runtime.stop();
      await expectConverged(store, events);
      expect(runtime.stats().bus.events).toBe(0);
      expect(() => runtime.entryQueue('nope')).toThrow(
        'no subscription nope in the topology (known: legacy-rdb)',
      );
    },
  );

  it('refuses a topology without a handler for a subscription, naming it', () => {
    expect(
      () =>
        new LocalRuntime({
          topology: outflowTopology,
          sources: {},
          handlers: {},
          deadLetters: new InMemoryDeadLetters(),
        }),
    ).toThrow("no handler for subscription legacy-rdb (give options.handlers['legacy-rdb'])");
  });
});
