import type { DeadLetterEntry } from '../runtime/dead-letters';
import { LocalStandardQueue } from './standard-queue';

const setup = (maxReceiveCount = 3) => {
  let now = 1_000_000;
  const dead: DeadLetterEntry[] = [];
  const queue = new LocalStandardQueue({
    name: 'q',
    visibilityTimeoutMs: 60_000,
    maxReceiveCount,
    onDeadLetter: (d) => dead.push(d),
    now: () => now,
  });
  return { queue, dead, advance: (ms: number) => (now += ms) };
};
const bodies = (received: { message: { body: string } }[]) => received.map((r) => r.message.body);

describe('Class: LocalStandardQueue', () => {
  it('delivers every message to concurrent receivers, with no group blocking', () => {
    const { queue } = setup();
    for (const body of ['a', 'b', 'c', 'd', 'e']) queue.send({ body });
    expect(bodies(queue.receive(2))).toEqual(['a', 'b']);
    expect(bodies(queue.receive(2))).toEqual(['c', 'd']);
    expect(bodies(queue.receive(2))).toEqual(['e']);
    expect(queue.inFlightCount).toBe(5);
    expect(queue.depth).toBe(5);
  });

  it('keeps a failed message invisible for the visibility timeout while later messages flow', () => {
    const { queue, advance } = setup();
    queue.send({ body: 'poison' });
    const [poison] = queue.receive(1);
    queue.fail(poison!.receiptHandle, 'boom');
    queue.send({ body: 'good' });
    const [good] = queue.receive(10);
    expect(good?.message.body).toBe('good');
    expect(queue.delete(good!.receiptHandle)).toBe(true);
    expect(queue.delete(good!.receiptHandle)).toBe(false);
    advance(59_999);
    expect(queue.receive(10)).toEqual([]);
    expect(queue.nextVisibilityMs()).toBe(1);
    advance(1);
    expect(queue.receive(10)[0]?.message).toMatchObject({
      body: 'poison',
      receiveCount: 2,
      lastError: 'boom',
    });
  });

  it('moves a message to its DLQ after maxReceiveCount receives, with the last failure reason and the earlier ones', () => {
    const { queue, dead, advance } = setup(2);
    queue.send({ body: 'm', origin: 7 });
    expect(queue.minOrigin()).toBe(7);
    for (let i = 0; i < 2; i++) {
      const [r] = queue.receive(1);
      queue.fail(r!.receiptHandle, `attempt ${i + 1} failed`);
      advance(60_000);
    }
    expect(queue.receive(1)).toEqual([]);
    expect(dead).toEqual([
      {
        from: 'queue:q',
        reason: 'attempt 2 failed (earlier receives failed with: attempt 1 failed)',
        movedAt: expect.any(String),
        payload: { messageId: expect.any(String), receiveCount: 2, body: 'm' },
      },
    ]);
    expect(queue.depth).toBe(0);
    expect(queue.minOrigin()).toBeUndefined();
  });

  it('reports the age of its oldest message', () => {
    const { queue, advance } = setup();
    expect(queue.oldestAgeMs()).toBe(0);
    queue.send({ body: 'x' });
    advance(1_500);
    queue.receive(1);
    expect(queue.oldestAgeMs()).toBe(1_500);
  });
});
