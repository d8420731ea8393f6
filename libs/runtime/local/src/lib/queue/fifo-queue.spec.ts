import type { DeadLetterEntry } from '../runtime/dead-letters';
import { LocalFifoQueue } from './fifo-queue';

const setup = (overrides: { maxReceiveCount?: number } = {}) => {
  let now = 1_000_000;
  const dead: DeadLetterEntry[] = [];
  const queue = new LocalFifoQueue({
    name: 'q.fifo',
    visibilityTimeoutMs: 30_000,
    maxReceiveCount: overrides.maxReceiveCount ?? 3,
    onDeadLetter: (d) => dead.push(d),
    now: () => now,
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

  it('redelivers after the visibility timeout, in order, and dead-letters after maxReceiveCount with the reason', () => {
    const { queue, dead, advance } = setup({ maxReceiveCount: 2 });
    queue.send({ body: 'm1', groupId: 'g' });
    queue.send({ body: 'm2', groupId: 'g' });
    const [first] = queue.receive(1);
    // The consumer failed it: visible again only after the visibility timeout, with the reason kept.
    queue.release(first!.receiptHandle, 'value too large for column total_amount', 30_000);
    expect(queue.receive(1)).toEqual([]);
    advance(30_000);
    const again = queue.receive(1);
    expect(bodies(again)).toEqual(['m1']);
    expect(again[0]!.message.receiveCount).toBe(2);
    queue.release(again[0]!.receiptHandle);
    expect(bodies(queue.receive(1))).toEqual(['m2']);
    expect(dead).toMatchObject([
      {
        from: 'queue:q.fifo',
        reason: 'value too large for column total_amount',
        payload: { body: 'm1', receiveCount: 2 },
      },
    ]);
  });

  it('requires a message group id', () => {
    expect(() => setup().queue.send({ body: 'x', groupId: '' })).toThrow(
      'queue q.fifo: MessageGroupId is required on a FIFO queue',
    );
  });
});
