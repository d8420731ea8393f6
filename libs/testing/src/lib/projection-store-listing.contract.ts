import type { ProjectionEntry, ProjectionStore } from '@outflow/core-application';
import { ValidationError } from '@outflow/core-domain';
import type { ContractKit } from './projection-contract-kit';

/** Every entry of `aggregateType`, page by page (`limit` per page), and the pages' sizes. */
async function listAll(
  store: ProjectionStore,
  aggregateType: string,
  limit: number,
): Promise<{ items: ProjectionEntry[]; pages: number[] }> {
  const items: ProjectionEntry[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ aggregateType, limit, ...(cursor === undefined ? {} : { cursor }) });
    items.push(...page.items);
    pages.push(page.items.length);
    cursor = page.nextCursor;
  } while (cursor !== undefined && pages.length < 10_000);
  return { items, pages };
}

/** Contract part: a store can be enumerated, per aggregate type, paged, with a hash of what it keeps. */
export function describeListingCases(kit: ContractKit, store: () => ProjectionStore): void {
  const { type, fixture, freshId, upsert, deletion } = kit;

  describe('Method: list', () => {
    it('pages through every aggregate exactly once, in the same order each time, tombstones included', async () => {
      // Prepare
      const ids = Array.from({ length: 7 }, () => freshId('list'));
      await store().apply(ids.map((id, i) => (i % 3 === 2 ? deletion(id, i + 1) : upsert(id, i + 1))));
      // Act
      const first = await listAll(store(), type, 3);
      const again = await listAll(store(), type, 3);
      // Assess
      const seen = first.items.map((e) => e.aggregateId);
      expect(new Set(seen).size).toBe(seen.length);
      expect(again.items.map((e) => e.aggregateId)).toEqual(seen);
      expect(first.pages.slice(0, -1).every((n) => n === 3)).toBe(true);
      const mine = first.items.filter((e) => ids.includes(e.aggregateId));
      expect(mine.map((e) => e.aggregateId).sort()).toEqual([...ids].sort());
      for (const entry of mine) {
        const i = ids.indexOf(entry.aggregateId);
        expect(entry).toMatchObject({ version: i + 1, tombstone: i % 3 === 2 });
        expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      }
    });

    it('gives a hash equal to expectedHash of the source state, and a different one once a kept field changes', async () => {
      // Prepare
      const [id, gone] = [freshId('hash'), freshId('hash-gone')];
      await store().apply([upsert(id, 1), deletion(gone, 2)]);
      const entryOf = async (aggregateId: string) =>
        (await listAll(store(), type, 1000)).items.find((e) => e.aggregateId === aggregateId);
      // Act
      const before = await entryOf(id);
      await store().apply([upsert(id, 2)]);
      const after = await entryOf(id);
      // Assess
      expect(before?.hash).toBe(store().expectedHash(type, id, fixture.stateFor(id, 1)));
      expect(after?.hash).toBe(store().expectedHash(type, id, fixture.stateFor(id, 2)));
      expect(after?.hash).not.toBe(before?.hash);
      expect((await entryOf(gone))?.hash).toBe(store().expectedHash(type, gone, null));
    });

    it('lists nothing for an aggregate type it holds nothing of', async () => {
      expect(await store().list({ aggregateType: `${type}-never-${freshId('t')}`, limit: 10 })).toEqual({
        items: [],
      });
    });

    it('refuses a page size outside 1–1000, naming limit', async () => {
      const refused = await store()
        .list({ aggregateType: type, limit: 0 })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused instanceof ValidationError && refused.issues.map((i) => i.path)).toEqual(['limit']);
    });
  });
}
