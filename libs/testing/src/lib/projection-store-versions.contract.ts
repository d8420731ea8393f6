import { ApplyChanges, type ProjectionStore } from '@outflow/core-application';
import { toMessages } from './histories';
import type { ContractKit } from './projection-contract-kit';

/**
 * Contract part: outcomes decided by version, markers that never decide, and the candidates of
 * one aggregate (a poison newer change must not take a valid older one down).
 */
export function describeVersionRuleCases(kit: ContractKit, store: () => ProjectionStore): void {
  const { freshId, upsert, poison, deletion, expectHolds } = kit;

  describe('outcomes by version; markers never decide', () => {
    it('applies a newer version that reuses an event id applied before (evt-dup at v1, then at v2)', async () => {
      const id = freshId('evt-dup');
      const [v1, v2] = [upsert(id, 1, `${id}-evt-dup`), upsert(id, 2, `${id}-evt-dup`)];
      expect(await store().apply([v1])).toEqual([{ kind: 'applied' }]);
      expect(await store().apply([v2])).toEqual([{ kind: 'applied' }]);
      await expectHolds(store(), v2);
      expect(await store().apply([v2])).toEqual([{ kind: 'duplicate' }]);
      expect(await store().apply([v1])).toEqual([{ kind: 'stale', heldVersion: 2 }]);
    });

    it('applies a deletion that reuses the event id of the change it deletes', async () => {
      const id = freshId('evt-dup-delete');
      await store().apply([upsert(id, 1, `${id}-same`)]);
      const removed = { ...deletion(id, 2), eventId: `${id}-same` };
      expect(await store().apply([removed])).toEqual([{ kind: 'applied' }]);
      await expectHolds(store(), removed);
    });

    it('applies one event id used by two aggregates in one batch, each by its own version', async () => {
      const [a, b] = [freshId('shared-a'), freshId('shared-b')];
      const shared = `${a}-shared-event`;
      const batch = [upsert(a, 1, shared), upsert(b, 3, shared)];
      expect(await store().apply(batch)).toEqual([{ kind: 'applied' }, { kind: 'applied' }]);
      await expectHolds(store(), batch[0]);
      await expectHolds(store(), batch[1]);
      expect(await store().apply(batch)).toEqual([{ kind: 'duplicate' }, { kind: 'duplicate' }]);
      // And later, at newer versions, the same id again for both: applied.
      const next = [upsert(a, 2, shared), upsert(b, 4, shared)];
      expect(await store().apply(next)).toEqual([{ kind: 'applied' }, { kind: 'applied' }]);
    });
  });

  describe('candidates of one aggregate', () => {
    it('applies the newest change and reports the older ones stale, without trying their data', async () => {
      const id = freshId('candidates');
      const outcomes = await store().apply([upsert(id, 3), poison(id, 1), upsert(id, 2)]);
      expect(outcomes).toEqual([
        { kind: 'applied' },
        { kind: 'stale', heldVersion: 3 },
        { kind: 'stale', heldVersion: 3 },
      ]);
      await expectHolds(store(), upsert(id, 3));
    });

    it('applies the newest older change that works when the newest is refused for its data', async () => {
      const id = freshId('poison-newest');
      const outcomes = await store().apply([poison(id, 4), poison(id, 3), upsert(id, 2), upsert(id, 1)]);
      expect(outcomes).toEqual([
        { kind: 'failed', reason: expect.stringMatching(/\S/) },
        { kind: 'failed', reason: expect.stringMatching(/\S/) },
        { kind: 'applied' },
        { kind: 'stale', heldVersion: 2 },
      ]);
      await expectHolds(store(), upsert(id, 2));
    });

    it('tries no candidate data when every candidate is older than what it holds', async () => {
      const id = freshId('held-newer');
      await store().apply([upsert(id, 5)]);
      expect(await store().apply([poison(id, 4), upsert(id, 5)])).toEqual([
        { kind: 'stale', heldVersion: 5 },
        { kind: 'duplicate' },
      ]);
      await expectHolds(store(), upsert(id, 5));
    });

    it('lands A v2 of [A v2 valid, B v1, A v3 refused] through ApplyChanges; A v3 fails with its own reason', async () => {
      const [a, b] = [freshId('item9-a'), freshId('item9-b')];
      const events = [upsert(a, 2), upsert(b, 1), poison(a, 3)];
      const messages = toMessages(events, freshId('m')).map((m) => ({ ...m, groupId: 'one-group' }));
      const outcomes = await new ApplyChanges(store()).execute({ messages });
      expect(outcomes.map((o) => o.outcome)).toEqual([
        { kind: 'applied' },
        { kind: 'applied' },
        { kind: 'failed', reason: expect.not.stringContaining('out-of-order') },
      ]);
      const alone = await store().apply([poison(freshId('alone'), 1)]);
      expect(outcomes[2]?.outcome).toEqual(alone[0]);
      await expectHolds(store(), events[0]);
      await expectHolds(store(), events[1]);
    });
  });
}
