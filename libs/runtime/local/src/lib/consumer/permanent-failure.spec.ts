import { ApplyChanges } from '@outflow/core-application';
import { toBusEventDetail } from '@outflow/core-domain';
import { createSqsApplyHandler, silentLogger } from '@outflow/runtime-lambda';
import { InMemoryProjectionStore, makeEvent } from '@outflow/testing';
import { LocalFifoQueue } from '../queue/fifo-queue';
import type { DeadLetterEntry } from '../runtime/dead-letters';
import { LocalSqsConsumer } from './sqs-consumer';

const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('Permanent failures in the local runtime', () => {
  it('dead-letters a malformed message of a per-aggregate FIFO group at once, and applies the group’s next change without waiting for the visibility timeout', async () => {
    // Prepare: a visibility timeout far longer than the test may take.
    const deadLetters: DeadLetterEntry[] = [];
    const queue = new LocalFifoQueue({
      name: 'orders.fifo',
      visibilityTimeoutMs: 10 * 60_000,
      maxReceiveCount: 5,
      contentBasedDeduplication: true,
      onDeadLetter: (entry) => deadLetters.push(entry),
    });
    const store = new InMemoryProjectionStore();
    const consumer = new LocalSqsConsumer({
      queue,
      queueArn: 'arn:aws:sqs:local:000000000000:orders.fifo',
      handler: createSqsApplyHandler(new ApplyChanges(store), { logger: silentLogger, deadLetters: null }),
      batchSize: 1,
      maximumConcurrency: 1,
      functionName: 'test-queueApply',
      timeoutMs: 30_000,
    });
    queue.send({ body: '{"detail": {"event": ', groupId: 'thing#a' });
    queue.send({
      body: JSON.stringify(toBusEventDetail(makeEvent('thing', 'a', 2, { state: { version: 2 } }))),
      groupId: 'thing#a',
    });
    // Act
    consumer.start();
    await until(async () => (await store.read('thing', 'a')).kind === 'present');
    await consumer.stop();
    // Assess
    expect(await store.read('thing', 'a')).toMatchObject({ kind: 'present', version: 2 });
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      from: 'queue:orders.fifo',
      reason: expect.stringMatching(/^malformed message: /),
      payload: { groupId: 'thing#a', receiveCount: 1, body: '{"detail": {"event": ' },
    });
    expect(consumer.stats).toMatchObject({ deadLettered: 1, acked: 1, failed: 0 });
    expect(queue.depth).toBe(0);
  });
});
