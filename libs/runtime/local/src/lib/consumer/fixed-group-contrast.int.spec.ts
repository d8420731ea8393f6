import { toBusEventDetail } from '@outflow/core-domain';
import { outflowTopology } from '@outflow/topology';
import {
  median,
  poisonInput,
  POISON_REASON,
  timedDownstream,
  writeSpaced,
} from '../../../test/poison-scenario';
import { LocalFifoQueue } from '../queue/fifo-queue';
import type { DeadLetterEntry } from '../runtime/dead-letters';
import { AWS_TIMERS, TimeScale } from '../time/time-scale';
import { LocalSqsConsumer } from './sqs-consumer';

/**
 * The contrast to poison-change.int.spec.ts: what a FIXED message group (the only group an
 * EventBridge rule target can give a FIFO queue) does with the same input. No topology can
 * express it any more (validateTopology refuses it), so the queue and consumer are driven
 * directly, with the reference subscription's settings and the same time scale.
 */
describe('Contrast: one fixed FIFO message group', () => {
  jest.setTimeout(60_000);

  it('stalls the good changes behind a poison change for the scaled visibility timeout', async () => {
    const scale = new TimeScale(0.01);
    const sub = outflowTopology.subscriptions[0]!;
    const visibilityMs = scale.seconds(sub.queue.visibilityTimeoutSeconds);
    const dead: DeadLetterEntry[] = [];
    const queue = new LocalFifoQueue({
      name: 'fixed-group.fifo',
      visibilityTimeoutMs: visibilityMs,
      maxReceiveCount: sub.queue.maxReceiveCount,
      deduplicationWindowMs: scale.ms(AWS_TIMERS.deduplicationWindowMs),
      onDeadLetter: (d) => dead.push(d),
    });
    const downstream = timedDownstream();
    const consumer = new LocalSqsConsumer({
      queue,
      queueArn: 'arn:aws:sqs:local:000000000000:fixed-group.fifo',
      handler: downstream.handler,
      batchSize: sub.consumer.batchSize,
      maximumConcurrency: sub.consumer.maximumConcurrency,
      functionName: 'fixed-group-queueApply',
      timeoutMs: 30_000,
    });
    consumer.start();
    const events = poisonInput(200, true);
    await writeSpaced(
      events,
      10,
      (event) =>
        queue.send({
          body: JSON.stringify(toBusEventDetail(event)),
          groupId: 'legacy-rdb',
          deduplicationId: event.eventId,
        }),
      downstream.wroteAt,
    );
    const deadline = Date.now() + 30_000;
    while (queue.depth > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await consumer.stop();

    expect(dead).toMatchObject([{ from: 'queue:fixed-group.fifo', reason: POISON_REASON }]);
    const latencies = downstream.latencies();
    expect(latencies).toHaveLength(200);
    const p50 = median(latencies);
    process.stdout.write(`fixed group: write → applied p50 ${p50} ms (visibility ${visibilityMs} ms)\n`);
    // Every receive of the poison change holds the whole group for the visibility timeout.
    expect(p50).toBeGreaterThanOrEqual(visibilityMs);
    // The last good change waited for A's last retry: (maxReceiveCount - 1) timeouts.
    const last = Math.max(...latencies);
    expect(last).toBeGreaterThanOrEqual((sub.queue.maxReceiveCount - 1) * visibilityMs - 2_500);
  });
});
