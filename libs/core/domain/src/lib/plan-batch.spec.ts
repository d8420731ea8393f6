import type { OutboxEvent } from './outbox-event';
import { applied, duplicate, failed, stale } from './outcome';
import { coveredOutcome, planBatch, type BatchEntry } from './plan-batch';

const event = (aggregateId: string, version: number, eventId = `${aggregateId}-${version}`): OutboxEvent => ({
  eventId,
  eventType: 'thing.changed',
  aggregateType: 'thing',
  aggregateId,
  aggregateVersion: version,
  occurredAt: '2026-01-01T00:00:00Z',
  schemaVersion: 1,
  state: { v: version },
});
const entry = (messageId: string, e: OutboxEvent): BatchEntry => ({ messageId, event: e });
const shape = (plan: ReturnType<typeof planBatch>) =>
  plan.map((a) => [a.key, a.candidates.map((c) => [c.messageId, c.covers.map((m) => m.messageId)])]);

describe('Function: planBatch', () => {
  it('returns nothing for an empty batch', () => {
    expect(planBatch([])).toEqual([]);
  });

  it('plans each aggregate once, in order of first arrival', () => {
    const plan = planBatch([
      entry('m1', event('a', 1)),
      entry('m2', event('b', 1)),
      entry('m3', event('a', 2)),
    ]);
    expect(plan.map((a) => a.key)).toEqual(['thing#a', 'thing#b']);
  });

  it('keeps every version of an aggregate as a candidate, newest first', () => {
    const plan = planBatch([
      entry('m1', event('a', 1)),
      entry('m2', event('a', 3)),
      entry('m3', event('a', 2)),
    ]);
    expect(shape(plan)).toEqual([
      [
        'thing#a',
        [
          ['m2', []],
          ['m3', []],
          ['m1', []],
        ],
      ],
    ]);
  });

  it('covers a repeated event with its first copy', () => {
    const plan = planBatch([entry('m1', event('a', 1)), entry('m2', event('a', 1))]);
    expect(shape(plan)).toEqual([['thing#a', [['m1', ['m2']]]]]);
  });

  it('covers another event at the same version with the first (one change that emitted several events)', () => {
    const plan = planBatch([entry('m1', event('a', 2, 'e1')), entry('m2', event('a', 2, 'e2'))]);
    expect(shape(plan)).toEqual([['thing#a', [['m1', ['m2']]]]]);
  });

  it('plans an event id reused at a newer version of the same aggregate as a newer change', () => {
    // evt-dup at v1 and evt-dup at v2 of one order: decided by version, v2 is the newest candidate.
    const plan = planBatch([entry('m1', event('a', 1, 'evt-dup')), entry('m2', event('a', 2, 'evt-dup'))]);
    expect(shape(plan)).toEqual([
      [
        'thing#a',
        [
          ['m2', []],
          ['m1', []],
        ],
      ],
    ]);
  });

  it('plans an event id reused by another aggregate separately instead of dropping it', () => {
    const plan = planBatch([entry('m1', event('a', 1, 'same')), entry('m2', event('b', 1, 'same'))]);
    expect(shape(plan)).toEqual([
      ['thing#a', [['m1', []]]],
      ['thing#b', [['m2', []]]],
    ]);
  });
});

describe('Function: coveredOutcome', () => {
  const carrier = entry('m2', event('a', 3));

  it('fails a covered message when its carrier failed, naming the carrier and its reason', () => {
    expect(coveredOutcome(carrier, failed('disk full'))).toEqual(
      failed('carried by event a-3 in the same batch, which failed: disk full'),
    );
  });

  it('reports a covered message as a duplicate once its carrier applied', () => {
    expect(coveredOutcome(carrier, applied)).toEqual(duplicate);
  });

  it('shares the carrier outcome when the carrier was a duplicate or stale', () => {
    expect(coveredOutcome(carrier, duplicate)).toEqual(duplicate);
    expect(coveredOutcome(carrier, stale(8))).toEqual(stale(8));
  });
});
