import type { AggregateChange, OutboxStore } from '@outflow/core-application';
import { isConcurrencyError, ValidationError, type AggregateState } from '@outflow/core-domain';
import { makeEvent } from './histories';

export interface OutboxStoreContractOptions {
  /** Opens the store. Called once for the suite; tests use fresh aggregate ids. */
  readonly open: () => Promise<OutboxStore>;
  readonly close?: () => Promise<void>;
  /** @default 30000 */
  readonly timeoutMs?: number;
}

/**
 * The OutboxStore contract. Every implementation — the in-memory fake and every real adapter —
 * runs it: `describeOutboxStoreContract('DynamoDbOutboxStore on DynamoDB Local', {...})`.
 */
export function describeOutboxStoreContract(name: string, options: OutboxStoreContractOptions): void {
  const type = 'widget';
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let counter = 0;
  const freshId = (label: string) => `${label}-${run}-${(counter += 1)}`;
  const stateFor = (id: string, version: number): AggregateState => ({
    id,
    version,
    label: `v${version}`,
    tags: ['a', 'b'],
    nested: { n: version * 1.5 },
  });
  const upsert = (id: string, expectedVersion: number, eventCount = 1): AggregateChange => {
    const state = stateFor(id, expectedVersion + 1);
    const events = Array.from({ length: eventCount }, (_, n) =>
      makeEvent(type, id, expectedVersion + 1, { state }, `${id}-v${expectedVersion + 1}-${n}`),
    );
    return { aggregateType: type, aggregateId: id, expectedVersion, state, events };
  };
  const deletion = (id: string, expectedVersion: number): AggregateChange => ({
    aggregateType: type,
    aggregateId: id,
    expectedVersion,
    state: null,
    events: [
      makeEvent(type, id, expectedVersion + 1, { deleted: true }, `${id}-v${expectedVersion + 1}-del`),
    ],
  });

  describe(`OutboxStore contract: ${name}`, () => {
    let store: OutboxStore;
    jest.setTimeout(options.timeoutMs ?? 30_000);
    beforeAll(async () => {
      store = await options.open();
    });
    afterAll(async () => {
      await options.close?.();
    });

    it('loads nothing for an aggregate never saved', async () => {
      expect(await store.load(type, freshId('none'))).toBeUndefined();
    });

    it('creates at version 1 and adds one version per change', async () => {
      const id = freshId('create');
      await store.save(upsert(id, 0));
      expect(await store.load(type, id)).toEqual({
        aggregateType: type,
        aggregateId: id,
        version: 1,
        state: stateFor(id, 1),
      });
      await store.save(upsert(id, 1));
      await store.save(upsert(id, 2));
      expect(await store.load(type, id)).toEqual({
        aggregateType: type,
        aggregateId: id,
        version: 3,
        state: stateFor(id, 3),
      });
    });

    it('refuses a stale expected version with ConcurrencyError and writes nothing', async () => {
      const id = freshId('stale');
      await store.save(upsert(id, 0));
      await store.save(upsert(id, 1));
      const error = await store.save(upsert(id, 1)).catch((e: unknown) => e);
      expect(isConcurrencyError(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'CONCURRENCY_CONFLICT',
        aggregateType: type,
        aggregateId: id,
        expectedVersion: 1,
      });
      expect((await store.load(type, id))?.version).toBe(2);
    });

    it('refuses to create an aggregate that already exists', async () => {
      const id = freshId('exists');
      await store.save(upsert(id, 0));
      await expect(store.save(upsert(id, 0))).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
      expect(await store.load(type, id)).toMatchObject({ version: 1 });
    });

    it('lets exactly one of many concurrent saves at the same version win', async () => {
      const id = freshId('race');
      await store.save(upsert(id, 0));
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => store.save(upsert(id, 1))));
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(7);
      expect(lost.every((r) => isConcurrencyError(r.reason))).toBe(true);
      expect(await store.load(type, id)).toMatchObject({ version: 2 });
    });

    it('keeps a deleted aggregate as a tombstone that cannot be created again', async () => {
      const id = freshId('delete');
      await store.save(upsert(id, 0));
      await store.save(deletion(id, 1));
      expect(await store.load(type, id)).toEqual({
        aggregateType: type,
        aggregateId: id,
        version: 2,
        state: null,
      });
      await expect(store.save(upsert(id, 0))).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    });

    it('writes a change with several events all or nothing', async () => {
      const id = freshId('multi');
      await store.save(upsert(id, 0, 3));
      expect(await store.load(type, id)).toMatchObject({ version: 1 });
      await expect(store.save(upsert(id, 0, 3))).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
      await store.save(upsert(id, 1, 2));
      expect(await store.load(type, id)).toMatchObject({ version: 2, state: stateFor(id, 2) });
    });

    it('refuses an inconsistent change with a ValidationError naming the field, and writes nothing', async () => {
      const id = freshId('invalid');
      const change = upsert(id, 0);
      const wrongVersion = { ...change, events: [{ ...change.events[0]!, aggregateVersion: 5 }] };
      const error = await store.save(wrongVersion).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain(
        'events[0].aggregateVersion: expected 1 (expectedVersion + 1), got 5',
      );
      await expect(store.save({ ...change, events: [] })).rejects.toThrow(
        /events: a change needs at least one outbox event/,
      );
      expect(await store.load(type, id)).toBeUndefined();
    });
  });
}
