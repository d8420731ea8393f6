import { decide, outcomeOf, type Holding } from './decide';

const absent: Holding = { kind: 'absent' };

describe('Function: decide', () => {
  const present = (version: number): Holding => ({ kind: 'present', version });
  const tombstone = (version: number): Holding => ({ kind: 'tombstone', version });

  it('applies an upsert to an aggregate the downstream does not hold', () => {
    expect(decide(absent, { aggregateVersion: 1 })).toEqual({ kind: 'applied', next: present(1) });
  });

  it('applies a deletion of an unknown aggregate as a tombstone at its version', () => {
    expect(decide(absent, { aggregateVersion: 4, deleted: true })).toEqual({
      kind: 'applied',
      next: tombstone(4),
    });
  });

  it('applies a newer version over the held one', () => {
    expect(decide(present(2), { aggregateVersion: 5 })).toEqual({ kind: 'applied', next: present(5) });
  });

  it('turns a held row into a tombstone on a newer deletion', () => {
    expect(decide(present(2), { aggregateVersion: 3, deleted: true })).toEqual({
      kind: 'applied',
      next: tombstone(3),
    });
  });

  it('reports an older version as stale, naming the held version', () => {
    expect(decide(present(7), { aggregateVersion: 3 })).toEqual({ kind: 'stale', heldVersion: 7 });
  });

  it('refuses to resurrect a tombstone with a late older upsert', () => {
    expect(decide(tombstone(5), { aggregateVersion: 4 })).toEqual({ kind: 'stale', heldVersion: 5 });
  });

  it('re-creates after a tombstone when the version continues the sequence', () => {
    expect(decide(tombstone(5), { aggregateVersion: 6 })).toEqual({ kind: 'applied', next: present(6) });
  });

  it('reports the held version arriving again as a duplicate', () => {
    expect(decide(present(3), { aggregateVersion: 3 })).toEqual({
      kind: 'duplicate',
      reason: 'version-already-held',
    });
    expect(decide(tombstone(3), { aggregateVersion: 3, deleted: true })).toEqual({
      kind: 'duplicate',
      reason: 'version-already-held',
    });
  });

  it('applies a newer version even when its event id was applied before (markers never decide)', () => {
    // evt-dup at v1, then evt-dup at v2 of the same order: v2 is newer, so it is applied.
    expect(decide(present(1), { aggregateVersion: 2 }, true)).toEqual({ kind: 'applied', next: present(2) });
    expect(decide(tombstone(1), { aggregateVersion: 9 }, true)).toEqual({
      kind: 'applied',
      next: present(9),
    });
  });

  it('reports an older version as stale even when its event id was applied', () => {
    expect(decide(present(4), { aggregateVersion: 2 }, true)).toEqual({ kind: 'stale', heldVersion: 4 });
  });

  it('uses the marker only to refine why an equal version is a duplicate', () => {
    expect(decide(present(3), { aggregateVersion: 3 }, true)).toEqual({
      kind: 'duplicate',
      reason: 'event-already-applied',
    });
    expect(decide(absent, { aggregateVersion: 3 }, true)).toEqual({ kind: 'applied', next: present(3) });
  });
});

describe('Function: outcomeOf', () => {
  it('maps each decision to the outcome a runtime reports', () => {
    expect(outcomeOf({ kind: 'applied', next: { kind: 'present', version: 1 } })).toEqual({
      kind: 'applied',
    });
    expect(outcomeOf({ kind: 'stale', heldVersion: 4 })).toEqual({ kind: 'stale', heldVersion: 4 });
    expect(outcomeOf({ kind: 'duplicate', reason: 'version-already-held' })).toEqual({ kind: 'duplicate' });
  });
});
