// The PrismaLegacyProjection test suite, run once per database lane (PGlite, PostgreSQL server).
import { ApplyChanges } from '@outflow/core-application';
import { ordersLegacyMapping, type OrderState } from '@outflow/orders';
import { describeProjectionStoreContract, makeEvent, toMessages } from '@outflow/testing';
import { sampleOrderState } from './sample-orders';
import { resolve } from 'node:path';
import { applyMigrations } from '../local/migrations/migrations';
import { PrismaLegacyProjection, type RawSql } from '../prisma-legacy-projection';
import { describeMarkerPruning } from './marker-pruning.suite';
import type { TestLegacyDatabase } from './test-database';

export const prismaProject = { dir: resolve(__dirname, '../../../../../../prisma') };

export const orderState = sampleOrderState;
/** A valid order whose amounts (10^12 currency units) do not fit the legacy DECIMAL(12,2) columns. */
const TOO_LARGE: Partial<OrderState> = {
  items: [{ sku: 'BIG', quantity: 1, unitPriceCents: 10 ** 14 }],
  totalCents: 10 ** 14,
};
const order = (id: string, version: number, overrides: Partial<OrderState> = {}) =>
  makeEvent('order', id, version, { state: { ...orderState(id, version, overrides) } });

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

  describeProjectionStoreContract(`PrismaLegacyProjection on ${lane}`, {
    open: store,
    fixture: {
      aggregateType: 'order',
      stateFor: (id, version) => ({ ...orderState(id, version) }),
      poisonStateFor: (id, version) => ({ ...orderState(id, version, TOO_LARGE) }),
    },
    propertyRuns: 8,
    timeoutMs: 120_000,
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
            `SELECT version, deleted FROM outflow_projection_versions WHERE aggregate_id = $1`,
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
            `SELECT event_id, version FROM outflow_applied_events WHERE aggregate_id = ANY($1::text[]) ORDER BY event_id`,
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
        const tooLong = order(ids[3] as string, 1, { customerId: 'c'.repeat(65) });
        // Act
        const outcomes = await new ApplyChanges(await store()).execute({
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
          { kind: 'failed', reason: 'no legacy mapping for aggregate type "invoice" (known: order)' },
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
        expect(outcomes).toEqual([
          { kind: 'stale', heldVersion: 2 },
          { kind: 'duplicate' },
          { kind: 'applied' },
        ]);
        // Round 1 (a v1, b v1), round 2 (b v2), then one holdings query for the two held back.
        expect(counted.statements.map((sql) => sql.slice(0, 6))).toEqual(['WITH x', 'WITH x', 'SELECT']);
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
        ]);
        // The pruning index: `applied_at` ranges are an index scan, not a table scan.
        expect(
          await sql(`SELECT indexname FROM pg_indexes WHERE tablename = 'outflow_applied_events' ORDER BY 1`),
        ).toEqual([
          { indexname: 'outflow_applied_events_aggregate_type_aggregate_id_idx' },
          { indexname: 'outflow_applied_events_applied_at_idx' },
          { indexname: 'outflow_applied_events_pkey' },
        ]);
      });
    });
  });
}
