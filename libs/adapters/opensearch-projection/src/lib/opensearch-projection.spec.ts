import { makeEvent } from '@outflow/testing';
import { OpenSearchUnavailableError } from './errors';
import { OpenSearchProjection } from './opensearch-projection';
import { sampleOrderState } from '@outflow/orders/testing';
import { fakeOpenSearchClient, unguardedSearchOrders, type BulkAnswer } from '../testing';

const order = (id: string, version: number) =>
  makeEvent('order', id, version, { state: { ...sampleOrderState(id, version) } });
const poison = (id: string, version: number) =>
  makeEvent('order', id, version, {
    state: { ...sampleOrderState(id, version, { customerId: 'c-poison' }) },
  });

const conflict = (id: string, current: number, provided: number) => ({
  status: 409,
  error: {
    type: 'version_conflict_engine_exception',
    reason: `[${id}]: version conflict, current version [${current}] is higher or equal to the one provided [${provided}]`,
  },
});
const rejected = {
  status: 429,
  error: { type: 'es_rejected_execution_exception', reason: 'rejected execution' },
};
const mapperError = (id: string) => ({
  status: 400,
  error: {
    type: 'mapper_parsing_exception',
    reason: `failed to parse field [totalCents] of type [long] in document with id '${id}'. Preview of field's value: 'not a number'`,
  },
});

const storeWith = (answers: BulkAnswer[], maxAttempts = 3) => {
  const fake = fakeOpenSearchClient(answers);
  const delays: number[] = [];
  const store = new OpenSearchProjection({
    client: fake.client,
    indexPrefix: 'test',
    mappings: [unguardedSearchOrders],
    retry: { maxAttempts, baseMs: 100, maxMs: 150 },
    sleep: async (ms) => void delays.push(ms),
  });
  return { store, delays, ...fake };
};

describe('Class: OpenSearchProjection', () => {
  describe('Method: apply', () => {
    it('maps a mixed bulk response to per-change outcomes and retries only the 429 items', async () => {
      // Prepare: a new, b older than held, c equal to held, d throttled once, e's newest refused, f always throttled.
      const { store, bulks, delays } = storeWith([
        (ids) =>
          ids.map((id) =>
            id === 'b'
              ? conflict(id, 5, 2)
              : id === 'c'
                ? conflict(id, 3, 3)
                : id === 'd' || id === 'f'
                  ? rejected
                  : id === 'e'
                    ? mapperError(id)
                    : { status: 201 },
          ),
        (ids) => ids.map((id) => (id === 'f' ? rejected : { status: 201 })),
        (ids) => ids.map(() => rejected),
      ]);
      // Act
      const outcomes = await store.apply([
        order('a', 1),
        order('b', 2),
        order('c', 3),
        order('d', 1),
        poison('e', 4),
        order('e', 3),
        order('f', 1),
      ]);
      // Assess
      expect(outcomes).toEqual([
        { kind: 'applied' },
        { kind: 'stale', heldVersion: 5 },
        { kind: 'duplicate' },
        { kind: 'applied' },
        {
          kind: 'failed',
          reason:
            "OpenSearch refused the document: mapper_parsing_exception: failed to parse field [totalCents] of type [long]. Preview of field's value: 'not a number'",
        },
        { kind: 'applied' },
        {
          kind: 'failed',
          reason: 'OpenSearch refused the document: es_rejected_execution_exception: rejected execution',
        },
      ]);
      expect(bulks.map((b) => b.actions.map((a) => `${a._id}@${a.version}`))).toEqual([
        // One action per aggregate, its newest candidate first (newest versions first).
        ['e@4', 'c@3', 'b@2', 'a@1', 'd@1', 'f@1'],
        ['d@1', 'f@1'],
        ['f@1'],
        ['e@3'],
      ]);
      expect(bulks.every((b) => b.index === 'test-orders')).toBe(true);
      expect(bulks.flatMap((b) => b.actions).every((a) => a.version_type === 'external')).toBe(true);
      expect(delays).toHaveLength(2);
      expect(delays[0]).toBeLessThan(100);
      expect(delays[1]).toBeLessThan(150);
    });

    it('writes a deletion as a tombstone document at the deleting version, never a delete', async () => {
      const { store, bulks } = storeWith([]);
      expect(await store.apply([makeEvent('order', 'gone', 4, { deleted: true })])).toEqual([
        { kind: 'applied' },
      ]);
      expect(bulks[0]?.actions).toEqual([{ _id: 'gone', version: 4, version_type: 'external' }]);
    });

    it('creates the template, the index and its aliases once, before the first write', async () => {
      const { store, calls } = storeWith([]);
      await store.apply([order('x', 1)]);
      await store.apply([order('y', 1)]);
      expect(calls).toEqual([
        'PUT /_index_template/test-orders',
        'HEAD /test-orders-v1',
        'PUT /test-orders-v1',
        'POST /test-orders/_bulk',
        'POST /test-orders/_bulk',
      ]);
    });

    it('retries a request answered 503, then applies', async () => {
      const { store, bulks } = storeWith([{ statusCode: 503, type: 'unavailable_shards_exception' }]);
      expect(await store.apply([order('r', 1)])).toEqual([{ kind: 'applied' }]);
      expect(bulks).toHaveLength(2);
    });

    it('throws OpenSearchUnavailableError when every try of the request fails, naming the reason', async () => {
      const { store, bulks } = storeWith(
        [
          { statusCode: 429, type: 'es_rejected_execution_exception' },
          { statusCode: 429, type: 'es_rejected_execution_exception' },
        ],
        2,
      );
      const error = await store.apply([order('t', 1)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenSearchUnavailableError);
      expect((error as Error).message).toMatch(
        /could not write to test-orders: HTTP 429 es_rejected_execution_exception/,
      );
      expect(bulks).toHaveLength(2);
    });

    it('fails a change of a type it has no mapping for, and one its mapping refuses, without writing them', async () => {
      const { store, bulks } = storeWith([]);
      const outcomes = await store.apply([
        makeEvent('invoice', 'i', 1, { state: {} }),
        makeEvent('order', 'bad', 1, { state: { orderId: 'bad' } }),
      ]);
      expect(outcomes.map((o) => o.kind === 'failed' && o.reason.slice(0, 40))).toEqual([
        'no search mapping for aggregate type "in',
        'order bad state is invalid: customerId: ',
      ]);
      expect(bulks).toEqual([]);
    });
  });

  describe('Constructor', () => {
    it('throws naming each bad option', () => {
      const { client } = fakeOpenSearchClient();
      expect(
        () =>
          new OpenSearchProjection({
            client,
            indexPrefix: 'Bad Prefix',
            mappings: [unguardedSearchOrders],
            retry: { maxAttempts: 0 },
          }),
      ).toThrow(/indexPrefix: .*; retry.maxAttempts: expected an integer ≥ 1, got 0/);
    });
  });
});
