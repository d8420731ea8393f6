import { fifoShortCircuitReason, fifoShortCircuits } from './fifo';
import { applied, duplicate, failed, stale, type ChangeOutcome } from './outcome';

describe('Function: fifoShortCircuits', () => {
  const outcomes = (map: Record<string, ChangeOutcome>) => (id: string) => map[id];

  it('changes nothing when nothing failed', () => {
    const result = fifoShortCircuits(
      [
        { messageId: 'a', groupId: 'g' },
        { messageId: 'b', groupId: 'g' },
      ],
      outcomes({ a: applied, b: applied }),
    );
    expect(result.size).toBe(0);
  });

  it('holds back every later unprocessed message of the group after the first failure, and only that group', () => {
    const ordered = [
      { messageId: 'a1', groupId: 'A' },
      { messageId: 'b1', groupId: 'B' },
      { messageId: 'a2', groupId: 'A' },
      { messageId: 'a3', groupId: 'A' },
      { messageId: 'b2', groupId: 'B' },
    ];
    const result = fifoShortCircuits(ordered, outcomes({ a1: applied, b1: applied, a2: failed('boom') }));
    expect([...result.keys()]).toEqual(['a3']);
    expect(result.get('a3')).toEqual(failed(fifoShortCircuitReason('a2', 'A')));
    expect(result.get('a3')).toEqual(
      failed('not processed to avoid out-of-order delivery: message a2 before it in message group A failed'),
    );
  });

  it('lets a later message settled by version keep its outcome: reporting it failed would only count a receive', () => {
    // A poison change a2 and the changes after it, applied / stale / duplicate in the same batch:
    // held back, they would be received as often as a2 and reach its DLQ with it.
    const ordered = [
      { messageId: 'a2', groupId: 'A' },
      { messageId: 'a3', groupId: 'A' },
      { messageId: 'a4', groupId: 'A' },
      { messageId: 'a5', groupId: 'A' },
    ];
    const result = fifoShortCircuits(
      ordered,
      outcomes({ a2: failed('currency: bad'), a3: stale(4), a4: applied, a5: duplicate }),
    );
    expect(result.size).toBe(0);
  });

  it('keeps the own reason of a later message that failed on its own, instead of the hold-back reason', () => {
    const ordered = [
      { messageId: 'x', groupId: 'G' },
      { messageId: 'y', groupId: 'G' },
      { messageId: 'z', groupId: 'G' },
    ];
    const result = fifoShortCircuits(
      ordered,
      outcomes({ x: failed('one'), y: failed('total does not fit DECIMAL(12,2)') }),
    );
    expect([...result.keys()]).toEqual(['z']);
    expect(result.get('z')).toEqual(failed(fifoShortCircuitReason('x', 'G')));
  });

  it('treats messages without a group (standard queues) as independent', () => {
    const ordered = [{ messageId: 'x' }, { messageId: 'y' }];
    expect(fifoShortCircuits(ordered, outcomes({ x: failed('one'), y: applied })).size).toBe(0);
  });

  it('holds back messages that have no outcome yet behind a failure', () => {
    const ordered = [
      { messageId: 'x', groupId: 'G' },
      { messageId: 'y', groupId: 'G' },
    ];
    expect([...fifoShortCircuits(ordered, outcomes({ x: failed('bad body') })).keys()]).toEqual(['y']);
  });

  it('with ordering keys, holds back only later messages of the same key: one bad aggregate does not block the group', () => {
    // One EventBridge rule → one message group for the whole subscription; the key is the aggregate.
    const ordered = [
      { messageId: 'x1', groupId: 'legacy-rdb', orderingKey: 'order#x' },
      { messageId: 'y1', groupId: 'legacy-rdb', orderingKey: 'order#y' },
      { messageId: 'x2', groupId: 'legacy-rdb', orderingKey: 'order#x' },
      { messageId: 'z1', groupId: 'other', orderingKey: 'order#x' },
    ];
    const result = fifoShortCircuits(
      ordered,
      outcomes({ x1: failed('too large'), y1: applied, z1: applied }),
    );
    expect([...result.keys()]).toEqual(['x2']);
    expect(result.get('x2')).toEqual(
      failed(
        'not processed to avoid out-of-order delivery: message x1 before it for order#x in message group legacy-rdb failed',
      ),
    );
  });
});
