import { ApplyChanges, type ProjectionStore } from '@outflow/core-application';
import type { OutboxEvent } from '@outflow/core-domain';
import fc from 'fast-check';
import { buildHistory, deliveryArbitrary, finalEvents, rekeyDelivery, toMessages } from './histories';
import { contractKit, type ProjectionContractFixture } from './projection-contract-kit';
import { describeListingCases } from './projection-store-listing.contract';
import { describePoisonProperty } from './projection-store-poison.contract';
import { describeVersionRuleCases } from './projection-store-versions.contract';

export type { ProjectionContractFixture } from './projection-contract-kit';

export interface ProjectionStoreContractOptions {
  /** Opens the store. Called once for the suite; tests use fresh aggregate ids. */
  readonly open: () => Promise<ProjectionStore>;
  readonly close?: () => Promise<void>;
  readonly fixture: ProjectionContractFixture;
  /**
   * Generated cases in the convergence property (each applies whole histories to the store).
   * @default 15
   */
  readonly propertyRuns?: number;
  /**
   * Generated cases in the poison property (batched vs one-at-a-time delivery of histories with
   * changes the store refuses).
   * @default 15
   */
  readonly poisonPropertyRuns?: number;
  /** @default 60000 */
  readonly timeoutMs?: number;
}

/**
 * The ProjectionStore contract. Every implementation — the in-memory fake and every real
 * adapter — runs it: `describeProjectionStoreContract('PrismaLegacyProjection on PGlite', {...})`.
 * Parts: the version rule (below), markers and poison candidates (`describeVersionRuleCases`),
 * enumeration (`describeListingCases`) and the poison property (`describePoisonProperty`).
 */
export function describeProjectionStoreContract(name: string, options: ProjectionStoreContractOptions): void {
  const { fixture, propertyRuns = 15, poisonPropertyRuns = 15, timeoutMs = 60_000 } = options;
  const kit = contractKit(fixture);
  const { type, freshId, upsert, deletion } = kit;
  const expectHolds = (store: ProjectionStore, event: OutboxEvent) => kit.expectHolds(store, event);

  describe(`ProjectionStore contract: ${name}`, () => {
    let store: ProjectionStore;
    beforeAll(async () => {
      store = await options.open();
    }, timeoutMs);
    afterAll(async () => {
      await options.close?.();
    }, timeoutMs);

    it('applies a new aggregate and reads it back', async () => {
      const event = upsert(freshId('new'), 1);
      expect(await store.apply([event])).toEqual([{ kind: 'applied' }]);
      await expectHolds(store, event);
    });

    it('reads an aggregate it never saw as absent', async () => {
      expect(await store.read(type, freshId('never'))).toEqual({ kind: 'absent' });
    });

    it('returns no outcomes for an empty batch', async () => {
      expect(await store.apply([])).toEqual([]);
    });

    it('treats re-applying the same event as a duplicate that changes nothing', async () => {
      const id = freshId('again');
      const [v1, v2] = [upsert(id, 1), upsert(id, 2)];
      await store.apply([v1]);
      await store.apply([v2]);
      expect(await store.apply([v2])).toEqual([{ kind: 'duplicate' }]);
      // An event applied earlier and since superseded is older than what is held: stale, by version.
      expect(await store.apply([v1])).toEqual([{ kind: 'stale', heldVersion: 2 }]);
      await expectHolds(store, v2);
    });

    it('treats another event at the version it holds as a duplicate', async () => {
      const id = freshId('same-version');
      const first = upsert(id, 1);
      await store.apply([first]);
      expect(await store.apply([upsert(id, 1, `${id}-other-event`)])).toEqual([{ kind: 'duplicate' }]);
      await expectHolds(store, first);
    });

    it('ignores an older version that arrives after a newer one', async () => {
      const id = freshId('older');
      const [v1, v3] = [upsert(id, 1), upsert(id, 3)];
      expect(await store.apply([v3])).toEqual([{ kind: 'applied' }]);
      expect(await store.apply([v1])).toEqual([{ kind: 'stale', heldVersion: 3 }]);
      await expectHolds(store, v3);
    });

    it('keeps a tombstone after a delete, so a late older upsert does not resurrect the row', async () => {
      const id = freshId('tombstone');
      await store.apply([upsert(id, 1)]);
      const removed = deletion(id, 3);
      expect(await store.apply([removed])).toEqual([{ kind: 'applied' }]);
      expect(await store.apply([upsert(id, 2)])).toEqual([{ kind: 'stale', heldVersion: 3 }]);
      expect(await store.apply([removed])).toEqual([{ kind: 'duplicate' }]);
      await expectHolds(store, removed);
    });

    it('records a delete of an aggregate it never saw as a tombstone', async () => {
      const removed = deletion(freshId('never-seen-delete'), 4);
      expect(await store.apply([removed])).toEqual([{ kind: 'applied' }]);
      expect(await store.apply([upsert(removed.aggregateId, 2)])).toEqual([
        { kind: 'stale', heldVersion: 4 },
      ]);
      await expectHolds(store, removed);
    });

    it('applies a newer upsert after a tombstone (re-creation continues the version sequence)', async () => {
      const id = freshId('recreate');
      await store.apply([upsert(id, 1)]);
      await store.apply([deletion(id, 2)]);
      const recreated = upsert(id, 3);
      expect(await store.apply([recreated])).toEqual([{ kind: 'applied' }]);
      await expectHolds(store, recreated);
    });

    it('applies many aggregates in one call and reports outcomes in input order', async () => {
      const ids = Array.from({ length: 12 }, () => freshId('many'));
      await store.apply([upsert(ids[0] as string, 2)]);
      const batch = ids.map((id) => upsert(id, 1));
      const outcomes = await store.apply(batch);
      expect(outcomes).toEqual(
        ids.map((_, i) => (i === 0 ? { kind: 'stale', heldVersion: 2 } : { kind: 'applied' })),
      );
      for (const event of batch.slice(1)) await expectHolds(store, event);
    });

    it('applies a batch mixing many aggregates, duplicates and old versions through ApplyChanges', async () => {
      const ids = Array.from({ length: 6 }, () => freshId('mixed'));
      const histories = ids.map((id, i) =>
        buildHistory(type, id, [false, false, i % 3 === 2, false].slice(0, 2 + (i % 3)), fixture.stateFor),
      );
      const all = histories.flat();
      const delivered = [...all].reverse().concat(all.slice(0, 4));
      const outcomes = await new ApplyChanges(store).execute({
        messages: toMessages(delivered, freshId('msg')),
      });
      expect(outcomes.filter((o) => o.outcome.kind === 'failed')).toEqual([]);
      expect(outcomes.filter((o) => o.outcome.kind === 'applied')).toHaveLength(ids.length);
      for (const event of finalEvents(all).values()) await expectHolds(store, event);
    });

    it('reports a refused aggregate as failed with a reason and still applies the others', async () => {
      const [good1, bad, good2] = [freshId('good'), freshId('poison'), freshId('good')];
      const poison = kit.poison(bad, 1);
      const outcomes = await store.apply([upsert(good1, 1), poison, upsert(good2, 1)]);
      expect(outcomes[0]).toEqual({ kind: 'applied' });
      expect(outcomes[1]).toEqual({ kind: 'failed', reason: expect.stringMatching(/\S/) });
      expect(outcomes[2]).toEqual({ kind: 'applied' });
      expect(await store.read(type, bad)).toEqual({ kind: 'absent' });
      await expectHolds(store, upsert(good1, 1));
      await expectHolds(store, upsert(good2, 1));
      // The refused change left no marker: once fixed, the aggregate applies normally.
      expect(await store.apply([upsert(bad, 2)])).toEqual([{ kind: 'applied' }]);
    });

    it(
      'converges to the in-order final state when histories are replayed duplicated, reordered and in random batches',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            deliveryArbitrary({
              aggregateType: type,
              stateFor: fixture.stateFor,
              idPrefix: 'agg',
              maxAggregates: 5,
              maxVersions: 5,
            }),
            async (generated) => {
              const { events, batches } = rekeyDelivery(generated, freshId('prop'), fixture.stateFor);
              const useCase = new ApplyChanges(store);
              for (const [b, batch] of batches.entries()) {
                const outcomes = await useCase.execute({ messages: toMessages(batch, `b${b}`) });
                expect(outcomes.filter((o) => o.outcome.kind === 'failed')).toEqual([]);
              }
              for (const event of finalEvents(events).values()) await expectHolds(store, event);
            },
          ),
          { numRuns: propertyRuns },
        );
      },
      timeoutMs,
    );

    describeVersionRuleCases(kit, () => store);
    describeListingCases(kit, () => store);
    describePoisonProperty(kit, () => store, { runs: poisonPropertyRuns, timeoutMs });
  });
}
