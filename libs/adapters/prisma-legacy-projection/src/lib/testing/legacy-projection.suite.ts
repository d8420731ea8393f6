// The PrismaLegacyProjection test suite, run once per database lane (PGlite, PostgreSQL server).
import { ApplyChanges, type LegacyMapping } from '@outflow/core-application';
import { ok, type OutboxEvent } from '@outflow/core-domain';
import { ordersLegacyMapping, type OrderState } from '@outflow/orders';
import { describeProjectionStoreContract, makeEvent, toMessages } from '@outflow/testing';
import { sampleOrderState } from '@outflow/orders/testing';
import { resolve } from 'node:path';
import { applyMigrations } from '../local/migrations/migrations';
import { PrismaLegacyProjection, type RawSql } from '../prisma-legacy-projection';
import { describeMarkerPruning } from './marker-pruning.suite';
import type { TestLegacyDatabase } from './test-database';

export const prismaProject = { dir: resolve(__dirname, '../../../../../../prisma') };

export const orderState = sampleOrderState;
/** An order whose amounts (10^12 currency units) are past ORDER_LIMITS (DECIMAL(12,2)): refused. */
const TOO_LARGE: Partial<OrderState> = {
  items: [{ sku: 'BIG', quantity: 1, unitPriceCents: 10 ** 14 }],
  totalCents: 10 ** 14,
};
const order = (id: string, version: number, overrides: Partial<OrderState> = {}) =>
  makeEvent('order', id, version, { state: { ...orderState(id, version, overrides) } });

/**
 * The Order mapping with one hole: a customer id `TOO_LONG` is written as 65 characters, which
 * `orders.customer_id VARCHAR(64)` refuses. ORDER_LIMITS keep every valid order within the
 * columns, so only a mapping like this one shows how the store handles a refusal by the database.
 */
const TOO_LONG = 'c-too-long';
const unguardedOrders: LegacyMapping = {
  ...ordersLegacyMapping,
  toRows(aggregateId, raw) {
    const rows = ordersLegacyMapping.toRows(aggregateId, raw);
    if (!rows.ok || rows.value.root['customer_id'] !== TOO_LONG) return rows;
    return ok({ ...rows.value, root: { ...rows.value.root, customer_id: 'c'.repeat(65) } });
  },
};

/** Counts SQL statements sent through the client, to show a batch is one write statement. */
function counting(db: RawSql): { client: RawSql; statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    client: {
      $queryRawUnsafe: (sql: string, ...values: unknown[]) => (
        statements.push(sql),
        db.$queryRawUnsafe(sql, ...values)
      ),
    },
  };
}

export function describeLegacyProjectionSuite(
  lane: 'PGlite' | 'PostgreSQL',
  open: () => Promise<TestLegacyDatabase>,
): void {
  let db: Promise<TestLegacyDatabase> | undefined;
  const shared = () => (db ??= open());
  afterAll(async () => (await db)?.destroy(), 60_000);
  const store = async () =>
    new PrismaLegacyProjection({ sql: (await shared()).sql, mappings: [ordersLegacyMapping] });
  const sql = async <T>(query: string, ...values: unknown[]) =>
    (await shared()).sql.$queryRawUnsafe<T[]>(query, ...values);

  // The contract's poison changes must be refused by the DATABASE (valid for the mapping), so the
  // contract runs on the mapping with one hole (see unguardedOrders).
  describeProjectionStoreContract(`PrismaLegacyProjection on ${lane}`, {
    open: async () => new PrismaLegacyProjection({ sql: (await shared()).sql, mappings: [unguardedOrders] }),
    fixture: {
      aggregateType: 'order',
      stateFor: (id, version) => ({ ...orderState(id, version) }),
      poisonStateFor: (id, version) => ({ ...orderState(id, version, { customerId: TOO_LONG }) }),
    },
    propertyRuns: 8,
    poisonPropertyRuns: lane === 'PGlite' ? 1000 : 200,
    timeoutMs: 300_000,
  });

  describe(`Class: PrismaLegacyProjection (${lane})`, () => {
    const id = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}`;

    describe('Method: apply', () => {
      it('writes the legacy rows as the legacy app reads them: decimals, lines, totals', async () => {
        // Prepare
        const orderId = id('rows');
        // Act
        await (
          await store()
        ).apply([
          order(orderId, 2, { items: [{ sku: 'A', quantity: 3, unitPriceCents: 1999 }], totalCents: 5997 }),
        ]);
        // Assess
        expect(
          await sql(
            `SELECT id, status, currency, total_amount::text AS total FROM orders WHERE id = $1`,
            orderId,
          ),
        ).toEqual([{ id: orderId, status: 'confirmed', currency: 'EUR', total: '59.97' }]);
        expect(
          await sql(
            `SELECT line_no, sku, quantity, unit_price::text AS price, line_total::text AS line FROM order_items WHERE order_id = $1`,
            orderId,
          ),
        ).toEqual([{ line_no: 1, sku: 'A', quantity: 3, price: '19.99', line: '59.97' }]);
      });

      it('replaces the order lines on each change, removing lines that are gone', async () => {
        const orderId = id('lines');
        const s = await store();
        await s.apply([order(orderId, 2)]); // three lines
        await s.apply([
          order(orderId, 3, { items: [{ sku: 'ONLY', quantity: 1, unitPriceCents: 100 }], totalCents: 100 }),
        ]);
        expect(await sql(`SELECT sku FROM order_items WHERE order_id = $1`, orderId)).toEqual([
          { sku: 'ONLY' },
        ]);
      });

      it('removes the legacy rows on a deletion and keeps a tombstone version', async () => {
        const orderId = id('delete');
        const s = await store();
        await s.apply([order(orderId, 1)]);
        await s.apply([makeEvent('order', orderId, 2, { deleted: true })]);
        expect(await sql(`SELECT count(*)::int AS n FROM orders WHERE id = $1`, orderId)).toEqual([{ n: 0 }]);
        expect(await sql(`SELECT count(*)::int AS n FROM order_items WHERE order_id = $1`, orderId)).toEqual([
          { n: 0 },
        ]);
        expect(
          await sql(
            `SELECT version::int AS version, deleted FROM outflow_projection_versions WHERE aggregate_id = $1`,
            orderId,
          ),
        ).toEqual([{ version: 2, deleted: true }]);
      });

      it('commits the applied-event marker with the row change, and writes none for a refused change', async () => {
        const [good, bad] = [id('marker'), id('marker-bad')];
        const events = [order(good, 1), order(bad, 1, TOO_LARGE)];
        await (await store()).apply(events);
        expect(
          await sql(
            `SELECT event_id, version::int AS version FROM outflow_applied_events WHERE aggregate_id = ANY($1::text[]) ORDER BY event_id`,
            [good, bad],
          ),
        ).toEqual([{ event_id: events[0]?.eventId, version: 1 }]);
        expect(await sql(`SELECT count(*)::int AS n FROM orders WHERE id = $1`, bad)).toEqual([{ n: 0 }]);
      });

      it('fails poison changes with a clear reason while the rest of the batch applies', async () => {
        // Prepare: a schema-invalid state, an unknown aggregate type, a value too large for its column.
        const ids = [id('ok'), id('invalid'), id('unknown'), id('too-large'), id('ok')];
        const invalid = makeEvent('order', ids[1] as string, 1, {
          state: { ...orderState(ids[1] as string, 1), items: 'none' },
        });
        const unknown = makeEvent('invoice', ids[2] as string, 1, { state: { amount: 1 } });
        const tooLong = order(ids[3] as string, 1, { customerId: TOO_LONG });
        const unguarded = new PrismaLegacyProjection({
          sql: (await shared()).sql,
          mappings: [unguardedOrders],
        });
        // Act
        const outcomes = await new ApplyChanges(unguarded).execute({
          messages: toMessages([
            order(ids[0] as string, 1),
            invalid,
            unknown,
            tooLong,
            order(ids[4] as string, 1),
          ]),
        });
        // Assess
        expect(outcomes.map((o) => o.outcome)).toEqual([
          { kind: 'applied' },
          {
            kind: 'failed',
            reason: expect.stringContaining('items: expected at least one item'),
          },
          {
            kind: 'failed',
            permanent: true,
            reason: 'no legacy mapping for aggregate type "invoice" (known: order)',
          },
          {
            kind: 'failed',
            reason: expect.stringMatching(
              /value too long for type character varying\(64\) \(SQLSTATE 22001\)/,
            ),
          },
          { kind: 'applied' },
        ]);
      });

      it('sends ONE write statement for a batch of ten new aggregates (atomic by itself: no transaction round trips)', async () => {
        const counted = counting((await shared()).sql);
        const s = new PrismaLegacyProjection({ sql: counted.client, mappings: [ordersLegacyMapping] });
        const outcomes = await s.apply(
          Array.from({ length: 10 }, (_, i) => order(id(`one-statement-${i}`), 1)),
        );
        expect(outcomes.every((o) => o.kind === 'applied')).toBe(true);
        expect(counted.statements).toHaveLength(1);
        expect(counted.statements[0]).toMatch(/^WITH x AS/);
      });

      it('asks what is held only for the changes the version guard held back, and says why', async () => {
        const [a, b] = [id('held-a'), id('held-b')];
        const counted = counting((await shared()).sql);
        const s = new PrismaLegacyProjection({ sql: counted.client, mappings: [ordersLegacyMapping] });
        await s.apply([order(a, 2), order(b, 1)]);
        counted.statements.length = 0;
        const outcomes = await s.apply([order(a, 1), order(b, 1), order(b, 2)]);
        // b v2 is applied, so b v1 is stale at 2 without a query; a v1 was held back by the guard.
        expect(outcomes).toEqual([
          { kind: 'stale', heldVersion: 2 },
          { kind: 'stale', heldVersion: 2 },
          { kind: 'applied' },
        ]);
        // One write (a v1, b v2: the newest candidate of each), then one holdings query for a.
        expect(counted.statements.map((sql) => sql.slice(0, 6))).toEqual(['WITH x', 'SELECT']);
      });

      it('tries the next older candidate in a later round when the database refuses the newest', async () => {
        const [a, b] = [id('round-a'), id('round-b')];
        const counted = counting((await shared()).sql);
        const s = new PrismaLegacyProjection({ sql: counted.client, mappings: [unguardedOrders] });
        const outcomes = await s.apply([order(a, 2), order(b, 1), order(a, 3, { customerId: TOO_LONG })]);
        expect(outcomes).toEqual([
          { kind: 'applied' },
          { kind: 'applied' },
          {
            kind: 'failed',
            reason:
              'the legacy database refused the change: value too long for type character varying(64) (SQLSTATE 22001)',
          },
        ]);
        // Round 1 together (refused), then one statement per aggregate, then round 2: a v2.
        expect(counted.statements.map((sql) => sql.slice(0, 6))).toEqual([
          'WITH x',
          'WITH x',
          'WITH x',
          'WITH x',
        ]);
        expect(
          await sql(
            `SELECT version::int AS version FROM outflow_projection_versions WHERE aggregate_id = $1`,
            a,
          ),
        ).toEqual([{ version: 2 }]);
      });

      it('validates every change on its own: an invalid change superseded by a newer valid one still fails with its reason', async () => {
        const orderId = id('superseded-invalid');
        const invalid = makeEvent('order', orderId, 2, {
          state: { ...orderState(orderId, 2), items: 'none' },
        });
        const outcomes = await new ApplyChanges(await store()).execute({
          // A standard queue (no message group): no FIFO hold-back behind the invalid message.
          messages: toMessages([invalid, order(orderId, 3)]).map(({ groupId: _group, ...m }) => m),
        });
        expect(outcomes.map((o) => o.outcome)).toEqual([
          { kind: 'failed', reason: expect.stringContaining('items: expected at least one item') },
          { kind: 'applied' },
        ]);
        // Later, alone, it fails the same way: the dead letter does not depend on batching.
        expect(await (await store()).apply([invalid])).toEqual([outcomes[0]?.outcome]);
        await expect((await store()).read('order', orderId)).resolves.toMatchObject({ version: 3 });
      });

      it('moves the marker of an event id applied again at a newer version instead of failing (no 23505)', async () => {
        const orderId = id('evt-dup');
        const s = await store();
        const [v1, v2] = [order(orderId, 1), order(orderId, 2)].map((e) => ({
          ...e,
          eventId: `${orderId}-evt-dup`,
        }));
        expect(await s.apply([v1 as OutboxEvent])).toEqual([{ kind: 'applied' }]);
        expect(await s.apply([v2 as OutboxEvent])).toEqual([{ kind: 'applied' }]);
        expect(
          await sql(
            `SELECT event_id, version::int AS version FROM outflow_applied_events WHERE aggregate_id = $1`,
            orderId,
          ),
        ).toEqual([{ event_id: `${orderId}-evt-dup`, version: 2 }]);
      });

      it('fails the whole batch for retry when the database is unreachable or out of resources (SQLSTATE 08, 53, 57)', async () => {
        for (const code of ['08006', '53300', '57P01']) {
          const broken: RawSql = {
            $queryRawUnsafe: async () => {
              throw Object.assign(new Error('driver adapter error'), {
                name: 'DriverAdapterError',
                cause: { originalCode: code, originalMessage: `server said ${code}` },
              });
            },
          };
          const s = new PrismaLegacyProjection({ sql: broken, mappings: [ordersLegacyMapping] });
          await expect(s.apply([order(id('transient'), 1)])).rejects.toThrow(
            `the legacy database could not apply the batch: server said ${code} (SQLSTATE ${code})`,
          );
          const outcomes = await new ApplyChanges(s).execute({
            messages: toMessages([order(id('transient-a'), 1), order(id('transient-b'), 1)]),
          });
          expect(outcomes.map((o) => o.outcome)).toEqual([
            { kind: 'failed', reason: expect.stringContaining(`projection store unavailable`) },
            { kind: 'failed', reason: expect.stringContaining(`projection store unavailable`) },
          ]);
        }
      });
    });

    describeMarkerPruning(lane, shared);

    describe('Function: applyMigrations', () => {
      it('is idempotent and records migrations like prisma migrate deploy', async () => {
        expect(await applyMigrations(prismaProject, (await shared()).adapterFactory)).toEqual([]);
        const rows = await sql<{ migration_name: string; done: boolean }>(
          `SELECT migration_name, finished_at IS NOT NULL AS done FROM _prisma_migrations ORDER BY migration_name`,
        );
        expect(rows).toEqual([
          { migration_name: '20261122000000_init', done: true },
          { migration_name: '20261129000000_applied_events_applied_at_idx', done: true },
          { migration_name: '20261129100000_applied_events_per_aggregate', done: true },
          { migration_name: '20261129200000_bigint_versions', done: true },
        ]);
        // The pruning index: `applied_at` ranges are an index scan, not a table scan.
        expect(
          await sql(`SELECT indexname FROM pg_indexes WHERE tablename = 'outflow_applied_events' ORDER BY 1`),
        ).toEqual([
          { indexname: 'outflow_applied_events_applied_at_idx' },
          { indexname: 'outflow_applied_events_pkey' },
        ]);
      });
    });
  });
}
