import type { SQSEvent } from 'aws-lambda';
import { LocalFifoQueue } from '../queue/fifo-queue';
import type { LocalQueue } from '../queue/local-queue';
import { LocalStandardQueue } from '../queue/standard-queue';
import type { DeadLetterEntry } from '../runtime/dead-letters';
import { LocalSqsConsumer, type SqsHandler } from './sqs-consumer';

const until = async (condition: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const clock = () => {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

const consumerOf = (queue: LocalQueue, handler: SqsHandler, maximumConcurrency: number, batchSize = 2) =>
  new LocalSqsConsumer({
    queue,
    queueArn: `arn:aws:sqs:local:000000000000:${queue.name}`,
    handler,
    batchSize,
    maximumConcurrency,
    functionName: 'test-queueApply',
    timeoutMs: 30_000,
  });

/** A handler that records which groups run at once and in which order each group's bodies come. */
const recordingHandler = () => {
  const active = new Map<string, number>();
  const seen: Record<string, string[]> = {};
  let running = 0;
  let peak = 0;
  let overlap = false;
  const handler: SqsHandler = async (event: SQSEvent) => {
    running += 1;
    peak = Math.max(peak, running);
    const groups = new Set(event.Records.map((r) => r.attributes.MessageGroupId ?? 'none'));
    for (const g of groups) {
      if ((active.get(g) ?? 0) > 0 && g !== 'none') overlap = true;
      active.set(g, (active.get(g) ?? 0) + 1);
    }
    for (const r of event.Records) (seen[r.attributes.MessageGroupId ?? 'none'] ??= []).push(r.body);
    await new Promise((r) => setTimeout(r, 15));
    for (const g of groups) active.set(g, (active.get(g) ?? 1) - 1);
    running -= 1;
  };
  return { handler, seen, stats: () => ({ peak, overlap }) };
};

describe('Class: LocalSqsConsumer', () => {
  it('runs up to maximumConcurrency batches of a FIFO queue at once, never two of one group, each group in order', async () => {
    const queue = new LocalFifoQueue({
      name: 'q.fifo',
      visibilityTimeoutMs: 60_000,
      maxReceiveCount: 5,
      contentBasedDeduplication: true,
      onDeadLetter: () => undefined,
    });
    for (let v = 1; v <= 4; v++)
      for (const g of ['a', 'b', 'c', 'd', 'e']) queue.send({ body: `${g}${v}`, groupId: g });
    const { handler, seen, stats } = recordingHandler();
    const consumer = consumerOf(queue, handler, 3, 1);
    consumer.start();
    await until(() => consumer.stats.acked === 20);
    await consumer.stop();
    expect(stats()).toEqual({ peak: 3, overlap: false });
    for (const g of ['a', 'b', 'c', 'd', 'e']) expect(seen[g]).toEqual([1, 2, 3, 4].map((v) => `${g}${v}`));
  });

  it('runs one batch at a time when every message shares one group, whatever the maximum concurrency', async () => {
    const queue = new LocalFifoQueue({
      name: 'q.fifo',
      visibilityTimeoutMs: 60_000,
      maxReceiveCount: 5,
      contentBasedDeduplication: true,
      onDeadLetter: () => undefined,
    });
    for (let v = 1; v <= 6; v++) queue.send({ body: `m${v}`, groupId: 'fixed' });
    const { handler, stats } = recordingHandler();
    const consumer = consumerOf(queue, handler, 4);
    consumer.start();
    await until(() => consumer.stats.acked === 6);
    await consumer.stop();
    expect(stats()).toEqual({ peak: 1, overlap: false });
  });

  it('runs batches of a standard queue in parallel up to maximumConcurrency', async () => {
    const queue = new LocalStandardQueue({
      name: 'q',
      visibilityTimeoutMs: 60_000,
      maxReceiveCount: 5,
      onDeadLetter: () => undefined,
    });
    for (let i = 0; i < 20; i++) queue.send({ body: `m${i}` });
    const { handler, stats } = recordingHandler();
    const consumer = consumerOf(queue, handler, 4);
    consumer.start();
    await until(() => consumer.stats.acked === 20);
    await consumer.stop();
    expect(stats().peak).toBe(4);
    expect(consumer.stats).toMatchObject({ batches: 10, inFlightBatches: 0 });
  });

  it('leaves a reported failure invisible for the visibility timeout (no shortcut), deletes the rest, then dead-letters it', async () => {
    const time = clock();
    const dead: DeadLetterEntry[] = [];
    const queue = new LocalStandardQueue({
      name: 'q',
      visibilityTimeoutMs: 180_000,
      maxReceiveCount: 2,
      onDeadLetter: (d) => dead.push(d),
      now: time.now,
    });
    queue.send({ body: 'poison' });
    queue.send({ body: 'good' });
    const handler: SqsHandler = async (event) => ({
      batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({
        itemIdentifier: r.messageId,
      })),
    });
    const consumer = consumerOf(queue, handler, 2);
    consumer.start();
    await until(() => consumer.stats.failed === 1 && consumer.stats.acked === 1);
    await new Promise((r) => setTimeout(r, 250)); // idle workers polled again: still invisible
    expect(consumer.stats).toMatchObject({ failed: 1, batches: 1 });
    time.advance(180_000);
    await until(() => consumer.stats.failed === 2);
    time.advance(180_000);
    await until(() => dead.length === 1);
    await consumer.stop();
    expect(dead[0]).toMatchObject({ from: 'queue:q', reason: 'reported in batchItemFailures' });
    expect(queue.depth).toBe(0);
  });

  it('keeps every message of a batch whose handler threw, with the error as reason', async () => {
    const time = clock();
    const dead: DeadLetterEntry[] = [];
    const queue = new LocalStandardQueue({
      name: 'q',
      visibilityTimeoutMs: 1_000,
      maxReceiveCount: 1,
      onDeadLetter: (d) => dead.push(d),
      now: time.now,
    });
    queue.send({ body: 'a' });
    const consumer = consumerOf(queue, async () => Promise.reject(new Error('database is down')), 2);
    consumer.start();
    await until(() => consumer.stats.handlerErrors === 1);
    time.advance(1_000);
    await until(() => dead.length === 1);
    await consumer.stop();
    expect(dead[0]?.reason).toBe('handler failed: database is down');
  });

  it('dead-letters with the last reason and names the other reasons earlier receives failed with', async () => {
    const time = clock();
    const dead: DeadLetterEntry[] = [];
    const queue = new LocalStandardQueue({
      name: 'q',
      visibilityTimeoutMs: 1_000,
      maxReceiveCount: 2,
      onDeadLetter: (d) => dead.push(d),
      now: time.now,
    });
    queue.send({ body: 'poison' });
    let calls = 0;
    const consumer = consumerOf(
      queue,
      async (event) => {
        calls += 1;
        if (calls === 1) throw new Error('database is down');
        return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
      },
      1,
    );
    consumer.start();
    await until(() => consumer.stats.handlerErrors === 1);
    time.advance(1_000);
    await until(() => consumer.stats.failed === 2);
    time.advance(1_000);
    await until(() => dead.length === 1);
    await consumer.stop();
    expect(dead[0]?.reason).toBe(
      'reported in batchItemFailures (earlier receives failed with: handler failed: database is down)',
    );
  });

  it('keeps the reason of a message the handler failed when the consumer crashes before the ack (fault)', async () => {
    const time = clock();
    const dead: DeadLetterEntry[] = [];
    const queue = new LocalStandardQueue({
      name: 'q',
      visibilityTimeoutMs: 1_000,
      maxReceiveCount: 1,
      onDeadLetter: (d) => dead.push(d),
      now: time.now,
    });
    queue.send({ body: 'poison' });
    queue.send({ body: 'good' });
    const consumer = new LocalSqsConsumer({
      queue,
      queueArn: 'arn:aws:sqs:local:000000000000:q',
      handler: async (event) => ({
        batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({
          itemIdentifier: r.messageId,
        })),
      }),
      batchSize: 2,
      maximumConcurrency: 1,
      functionName: 'test-queueApply',
      timeoutMs: 30_000,
      crashAfterHandlerRate: 1,
      random: () => 0,
    });
    consumer.start();
    await until(() => consumer.stats.crashesInjected === 1);
    time.advance(1_000);
    await until(() => dead.length === 2);
    await consumer.stop();
    const reasons = Object.fromEntries(
      dead.map((d) => [(d.payload as { body: string }).body, d.reason] as const),
    );
    expect(reasons).toEqual({
      poison: 'reported in batchItemFailures',
      good: 'consumer crashed before the ack (fault injected)',
    });
  });
});
