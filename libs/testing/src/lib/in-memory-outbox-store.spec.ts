import { makeEvent } from './histories';
import { InMemoryOutboxStore } from './in-memory-outbox-store';
import { describeOutboxStoreContract } from './outbox-store.contract';

describeOutboxStoreContract('InMemoryOutboxStore', { open: async () => new InMemoryOutboxStore() });

describe('InMemoryOutboxStore', () => {
  it('publishes the events of committed changes only, in commit order', async () => {
    const store = new InMemoryOutboxStore();
    const e1 = makeEvent('t', 'a', 1, { state: { n: 1 } });
    const e2 = makeEvent('t', 'a', 2, { state: { n: 2 } });
    await store.save({
      aggregateType: 't',
      aggregateId: 'a',
      expectedVersion: 0,
      state: { n: 1 },
      events: [e1],
    });
    await expect(
      store.save({ aggregateType: 't', aggregateId: 'a', expectedVersion: 0, state: { n: 1 }, events: [e1] }),
    ).rejects.toThrow();
    await store.save({
      aggregateType: 't',
      aggregateId: 'a',
      expectedVersion: 1,
      state: { n: 2 },
      events: [e2],
    });
    expect(store.published).toEqual([e1, e2]);
  });
});
