import type { ProjectionStore, ViewDefinition, ViewReader } from '@outflow/core-application';
import { ok, ValidationError } from '@outflow/core-domain';
import { makeEvent } from './histories';

/** The definition the ViewReader contract counts with: widgets by owner (amounts per unit) and all widgets by kind (4 shards). */
const VIEW_CONTRACT_DEFINITION: ViewDefinition = {
  aggregateType: 'widget',
  views: [
    { name: 'by-owner', partitionBy: 'owner', groupBy: 'kind', sum: { field: 'amount', per: 'unit' } },
    { name: 'all', groupBy: 'kind', shards: 4 },
  ],
  validate: (_id, state) => ok(state),
};

export interface ViewReaderContractOptions {
  /**
   * Opens a store writing views of `definition` and a reader of them, over storage no other test
   * writes (the global view counts every widget it holds).
   */
  readonly open: (definition: ViewDefinition) => Promise<{ store: ProjectionStore; reader: ViewReader }>;
  /** @default 60000 */
  readonly timeoutMs?: number;
}

/**
 * The ViewReader contract, run with the ProjectionStore that writes the views: rows read back
 * what the store's changes leave — moves, deletions, duplicates, totals per `sum.per` value,
 * global rows summed over their shards — and unknown views are refused by name.
 */
export function describeViewReaderContract(name: string, options: ViewReaderContractOptions): void {
  const widget = (id: string, version: number, owner: string, kind: string, amount: number, unit = 'kg') =>
    makeEvent('widget', id, version, { state: { owner, kind, amount, unit } });

  describe(`ViewReader contract: ${name}`, () => {
    let store: ProjectionStore;
    let reader: ViewReader;
    beforeAll(async () => {
      ({ store, reader } = await options.open(VIEW_CONTRACT_DEFINITION));
    }, options.timeoutMs ?? 60_000);

    it('reads a row nothing counted in as no groups', async () => {
      expect(await reader.readRow('widget', 'by-owner', 'nobody')).toEqual({ groups: {} });
    });

    it('counts per group and totals per unit; a move, a deletion and a duplicate leave the recount', async () => {
      // Act: w1 small → large (a move), w2 small in g, w3 large in lb then deleted, w1 v2 delivered twice.
      await store.apply([widget('w1', 1, 'ann', 'small', 5), widget('w2', 1, 'ann', 'small', 7, 'g')]);
      await store.apply([widget('w1', 2, 'ann', 'large', 6), widget('w3', 1, 'ann', 'large', 9, 'lb')]);
      await store.apply([
        makeEvent('widget', 'w3', 2, { deleted: true }),
        widget('w1', 2, 'ann', 'large', 6),
      ]);
      // Assess
      expect(await reader.readRow('widget', 'by-owner', 'ann')).toEqual({
        groups: { small: { count: 1, totals: { g: 7 } }, large: { count: 1, totals: { kg: 6 } } },
      });
      expect(await reader.readRow('widget', 'all')).toEqual({
        groups: { small: { count: 1, totals: {} }, large: { count: 1, totals: {} } },
      });
    });

    it('refuses a view the definitions do not have, and a row for a global view, by name', async () => {
      await expect(reader.readRow('widget', 'nope', 'x')).rejects.toThrow(ValidationError);
      await expect(reader.readRow('widget', 'nope', 'x')).rejects.toThrow(/nope/);
      await expect(reader.readRow('widget', 'all', 'x')).rejects.toThrow(ValidationError);
    });
  });
}
