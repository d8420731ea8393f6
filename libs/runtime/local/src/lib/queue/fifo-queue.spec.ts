import type { DeadLetterEntry } from '../runtime/dead-letters';
import { LocalFifoQueue, type FifoQueueOptions } from './fifo-queue';

const setup = (overrides: Partial<FifoQueueOptions> = {}) => {
  let now = 1_000_000;
  const dead: DeadLetterEntry[] = [];
  const queue = new LocalFifoQueue({
    name: 'q.fifo',
    visibilityTimeoutMs: 30_000,
    maxReceiveCount: 3,
    contentBasedDeduplication: true,
    onDeadLetter: (d) => dead.push(d),
    now: () => now,
    ...overrides,
  });
  return { queue, dead, advance: (ms: number) => (now += ms) };
};
const bodies = (received: { message: { body: string } }[]) => received.map((r) => r.message.body);

describe('Class: LocalFifoQueue', () => {
  it('delivers each group in order, one batch in flight per group, other groups in parallel', () => {
    const { queue } = setup();
    for (const [group, body] of [
      ['a', 'a1'],
      ['b', 'b1'],
      ['a', 'a2'],
      ['b', 'b2'],
      ['c', 'c1'],
    ])
      queue.send({ body: body as string, groupId: group as string });
    const first = queue.receive(3);
    expect(bodies(first)).toEqual(['a1', 'a2', 'b1']);
    expect(queue.groupsInFlight).toBe(2);
    // a is in flight and b1 is in flight: only c is free.
    expect(bodies(queue.receive(10))).toEqual(['c1']);
    queue.delete(first[0]!.receiptHandle);
    expect(bodies(queue.receive(10))).toEqual([]);
    queue.delete(first[1]!.receiptHandle);
    queue.delete(first[2]!.receiptHandle);
    expect(bodies(queue.receive(10))).toEqual(['b2']);
  });

  it('drops a duplicate within 5 minutes (content-based), also after deletion, and accepts it after', () => {
    const { queue, advance } = setup();
    expect(queue.send({ body: 'x', groupId: 'g' })).toBe(true);
    queue.delete(queue.receive(1)[0]!.receiptHandle);
    advance(299_000);
    expect(queue.send({ body: 'x', groupId: 'g' })).toBe(false);
    expect(queue.send({ body: 'y', groupId: 'g', deduplicationId: 'explicit' })).toBe(true);
    advance(2_000);
    expect(queue.send({ body: 'x', groupId: 'g' })).toBe(true);
  });

  it('honours an explicit deduplication id per message group (high-throughput mode) within the scaled window', () => {
    const { queue, advance } = setup({
      contentBasedDeduplication: false,
      deduplicationScope: 'messageGroup',
      deduplicationWindowMs: 3_000,
    });
    expect(queue.send({ body: 'v1', groupId: 'order#1', deduplicationId: 'e-1' })).toBe(true);
    expect(queue.send({ body: 'v1 again', groupId: 'order#1', deduplicationId: 'e-1' })).toBe(false);
    // Another group may reuse the id: the scope is the message group.
    expect(queue.send({ body: 'other', groupId: 'order#2', deduplicationId: 'e-1' })).toBe(true);
    advance(3_000);
    expect(queue.send({ body: 'v1 later', groupId: 'order#1', deduplicationId: 'e-1' })).toBe(true);
  });

  it('deduplicates across groups with the queue scope (SQS default)', () => {
    const { queue } = setup({ contentBasedDeduplication: false });
    expect(queue.send({ body: 'a', groupId: 'g1', deduplicationId: 'same' })).toBe(true);
    expect(queue.send({ body: 'b', groupId: 'g2', deduplicationId: 'same' })).toBe(false);
  });

  it('keeps a failed message invisible for the visibility timeout, in order, then dead-letters it with the reason', () => {
    const { queue, dead, advance } = setup({ maxReceiveCount: 2 });
    queue.send({ body: 'm1', groupId: 'g' });
    queue.send({ body: 'm2', groupId: 'g' });
    const [first] = queue.receive(1);
    queue.fail(first!.receiptHandle, 'value too large for column total_amount');
    // Its group delivers nothing until the timeout ends: m2 waits behind m1.
    advance(29_999);
    expect(queue.receive(10)).toEqual([]);
    advance(1);
    const again = queue.receive(1);
    expect(bodies(again)).toEqual(['m1']);
    expect(again[0]!.message.receiveCount).toBe(2);
    advance(30_000);
    expect(bodies(queue.receive(1))).toEqual(['m2']);
    expect(dead).toMatchObject([
      {
        from: 'queue:q.fifo',
        reason: 'value too large for column total_amount',
        payload: { body: 'm1', receiveCount: 2, groupId: 'g' },
      },
    ]);
    expect(queue.depth).toBe(1);
  });

  it('requires a message group id, and a deduplication id without content-based deduplication', () => {
    expect(() => setup().queue.send({ body: 'x', groupId: '' })).toThrow(
      'queue q.fifo: MessageGroupId is required on a FIFO queue',
    );
    expect(() => setup({ contentBasedDeduplication: false }).queue.send({ body: 'x', groupId: 'g' })).toThrow(
      'queue q.fifo: MessageDeduplicationId is required (the queue has no content-based deduplication)',
    );
  });
});
