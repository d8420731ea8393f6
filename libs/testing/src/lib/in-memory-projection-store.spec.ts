import { ApplyChanges } from '@outflow/core-application';
import fc from 'fast-check';
import { deliveryArbitrary, finalEvents, makeEvent, toMessages } from './histories';
import { InMemoryProjectionStore } from './in-memory-projection-store';
import { describeProjectionStoreContract } from './projection-store.contract';

const stateFor = (id: string, version: number) => ({ id, version, label: `${id}@${version}` });

describeProjectionStoreContract('InMemoryProjectionStore', {
  open: async () =>
    new InMemoryProjectionStore({
      reject: (event) => (event.state?.['poison'] ? 'poison state refused' : undefined),
    }),
  fixture: {
    aggregateType: 'thing',
    stateFor,
    poisonStateFor: (id, version) => ({ id, version, poison: true }),
  },
  propertyRuns: 200,
  poisonPropertyRuns: 1000,
});

describe('Class: InMemoryProjectionStore', () => {
  describe('Property: convergence', () => {
    it('converges to the in-order final state for any duplicated, reordered, re-batched delivery (1,000 cases)', async () => {
      await fc.assert(
        fc.asyncProperty(
          deliveryArbitrary({
            aggregateType: 'thing',
            stateFor,
            idPrefix: 'a',
            maxAggregates: 10,
            maxVersions: 8,
          }),
          async ({ events, batches }) => {
            // Prepare
            const store = new InMemoryProjectionStore();
            const useCase = new ApplyChanges(store);
            // Act
            for (const [b, batch] of batches.entries())
              await useCase.execute({ messages: toMessages(batch, `b${b}`) });
            // Assess
            for (const event of finalEvents(events).values()) {
              const held = await store.read('thing', event.aggregateId);
              expect(held).toEqual(
                event.deleted
                  ? { kind: 'tombstone', version: event.aggregateVersion }
                  : { kind: 'present', version: event.aggregateVersion, state: event.state },
              );
            }
          },
        ),
        { numRuns: 1000 },
      );
    });

    it('loses nothing when changes fail transiently and failed messages are delivered again (300 cases)', async () => {
      await fc.assert(
        fc.asyncProperty(
          deliveryArbitrary({ aggregateType: 'thing', stateFor, idPrefix: 'a' }),
          fc.array(fc.boolean(), { minLength: 1, maxLength: 50 }),
          async ({ events, batches }, failurePlan) => {
            // Prepare: each apply attempt fails or not, following the generated plan (cycled).
            let attempt = 0;
            const store = new InMemoryProjectionStore({
              reject: () =>
                failurePlan[attempt++ % failurePlan.length] && attempt < 400
                  ? 'transient failure'
                  : undefined,
            });
            const useCase = new ApplyChanges(store);
            // Act: like a queue, put failed messages back at the end until everything succeeded.
            const queue = batches.map((batch, b) => toMessages(batch, `b${b}`));
            for (let round = 0; queue.length > 0; round += 1) {
              const batch = queue.shift() ?? [];
              const outcomes = await useCase.execute({ messages: batch });
              const retry = batch.filter(
                (m) => outcomes.find((o) => o.messageId === m.messageId)?.outcome.kind === 'failed',
              );
              if (retry.length > 0)
                queue.push(retry.map((m) => ({ ...m, messageId: `${m.messageId}-r${round}` })));
            }
            // Assess
            for (const event of finalEvents(events).values()) {
              expect((await store.read('thing', event.aggregateId)).kind).toBe(
                event.deleted ? 'tombstone' : 'present',
              );
              expect(await store.read('thing', event.aggregateId)).toMatchObject({
                version: event.aggregateVersion,
              });
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('Method: apply', () => {
    it('counts a write only for applied changes', async () => {
      // Prepare
      const store = new InMemoryProjectionStore();
      const v1 = makeEvent('thing', 'x', 1, { state: stateFor('x', 1) });
      // Act
      await store.apply([v1]);
      await store.apply([v1]);
      // Assess
      expect(store.writes).toBe(1);
      expect([...store.appliedEventIds()]).toEqual([v1.eventId]);
    });
  });
});
