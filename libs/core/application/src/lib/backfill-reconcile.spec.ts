import { backfillEvent, backfillEventId, extraRepairEvent } from './backfill';
import { compareAggregate, type SourceSide } from './reconcile';

describe('backfill events', () => {
  const at = '2026-11-30T00:00:00.000Z';

  it('carries the current state at the current version, with a deterministic id', () => {
    expect(
      backfillEvent({ aggregateType: 'order', aggregateId: 'o-1', version: 4, state: { a: 1 } }, at),
    ).toEqual({
      eventId: 'backfill:order:o-1:4',
      eventType: 'order.backfilled',
      aggregateType: 'order',
      aggregateId: 'o-1',
      aggregateVersion: 4,
      occurredAt: at,
      schemaVersion: 1,
      state: { a: 1 },
    });
    expect(backfillEventId('order', 'o-1', 4)).toBe('backfill:order:o-1:4');
  });

  it('turns a tombstone into a deletion at its version', () => {
    expect(
      backfillEvent({ aggregateType: 'order', aggregateId: 'o-1', version: 5, state: null }, at),
    ).toMatchObject({
      eventId: 'backfill:order:o-1:5',
      eventType: 'order.deleted',
      aggregateVersion: 5,
      deleted: true,
    });
  });

  it('repairs an extra aggregate with a deletion at the downstream version + 1', () => {
    expect(extraRepairEvent('order', 'o-9', 3, at)).toMatchObject({
      eventId: 'repair:order:o-9:4',
      aggregateVersion: 4,
      deleted: true,
    });
  });
});

describe('Function: compareAggregate', () => {
  const live = (version: number, hash = 'h'): SourceSide => ({ version, deleted: false, expected: { hash } });
  const entry = (version: number, hash = 'h', tombstone = false) => ({
    aggregateId: 'o-1',
    version,
    hash,
    tombstone,
  });

  it.each([
    ['in-sync', live(2), entry(2)],
    ['in-sync', undefined, entry(2, 'x', true)],
    ['missing', live(2), undefined],
    ['stale', live(3), entry(2)],
    ['extra', undefined, entry(2)],
    ['differs', live(2, 'h'), entry(2, 'other')],
    ['differs', live(2), entry(3)],
    ['differs', { version: 2, deleted: true, expected: { hash: 'n' } }, entry(2, 'n')],
    ['differs', { version: 2, deleted: false, expected: { error: 'bad state' } }, entry(2)],
  ] as const)('classifies %s (%j vs %j)', (kind, source, downstream) => {
    expect(compareAggregate(source, downstream).kind).toBe(kind);
  });

  it('says why', () => {
    expect(compareAggregate(live(5), entry(3)).detail).toBe('version 3 downstream, 5 in the source');
    expect(compareAggregate(live(2, 'h'), entry(2, 'z')).detail).toBe(
      'version 2 on both sides, but other data downstream',
    );
  });
});
