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

describe('Function: planBatch', () => {
  it('returns nothing for an empty batch', () => {
    expect(planBatch([])).toEqual([]);
  });

  it('keeps one change per aggregate, in order of first arrival', () => {
    const plan = planBatch([entry('m1', event('a', 1)), entry('m2', event('b', 1))]);
    expect(plan.map((p) => p.messageId)).toEqual(['m1', 'm2']);
    expect(plan.every((p) => p.covers.length === 0)).toBe(true);
  });

  it('keeps only the newest version of an aggregate and lists the older ones as superseded', () => {
    const plan = planBatch([
      entry('m1', event('a', 1)),
      entry('m2', event('a', 3)),
      entry('m3', event('a', 2)),
    ]);
    expect(plan).toHaveLength(1);
    expect(plan[0]?.messageId).toBe('m2');
    expect(plan[0]?.covers.map((c) => [c.messageId, c.why])).toEqual([
      ['m1', 'superseded'],
      ['m3', 'superseded'],
    ]);
  });

  it('drops a repeated event id as a duplicate of the first copy', () => {
    const plan = planBatch([entry('m1', event('a', 1)), entry('m2', event('a', 1))]);
    expect(plan[0]?.messageId).toBe('m1');
    expect(plan[0]?.covers).toEqual([{ messageId: 'm2', event: event('a', 1), why: 'duplicate-event' }]);
  });

  it('keeps the first of several events at the same version (one change that emitted several events)', () => {
    const plan = planBatch([entry('m1', event('a', 2, 'e1')), entry('m2', event('a', 2, 'e2'))]);
    expect(plan[0]?.messageId).toBe('m1');
    expect(plan[0]?.covers.map((c) => c.why)).toEqual(['superseded']);
  });

  it('plans an event id reused by another aggregate separately instead of dropping it', () => {
    const plan = planBatch([entry('m1', event('a', 1, 'same')), entry('m2', event('b', 1, 'same'))]);
    expect(plan.map((p) => p.messageId)).toEqual(['m1', 'm2']);
  });
});

describe('Function: coveredOutcome', () => {
  const [carrier] = planBatch([
    entry('m2', event('a', 3)),
    entry('m1', event('a', 1)),
    entry('m3', event('a', 3)),
  ]);
  const [older, copy] = carrier?.covers ?? [];

  it('fails a covered message when its carrier failed, naming the carrier', () => {
    expect(coveredOutcome(older!, carrier!, failed('disk full'))).toEqual(
      failed('carried by event a-3 in the same batch, which failed: disk full'),
    );
  });

  it('reports a copy of the carried event as a duplicate', () => {
    expect(coveredOutcome(copy!, carrier!, applied)).toEqual(duplicate);
  });

  it('reports an older covered version as stale at the carrier version once applied', () => {
    expect(coveredOutcome(older!, carrier!, applied)).toEqual(stale(3));
    expect(coveredOutcome(older!, carrier!, duplicate)).toEqual(stale(3));
  });

  it('reports an older covered version as stale at the version held when the carrier was stale', () => {
    expect(coveredOutcome(older!, carrier!, stale(8))).toEqual(stale(8));
  });

  it('reports another event at the carrier version as a duplicate', () => {
    const [first] = planBatch([entry('m1', event('a', 2, 'e1')), entry('m2', event('a', 2, 'e2'))]);
    expect(coveredOutcome(first!.covers[0]!, first!, applied)).toEqual(duplicate);
  });
});
