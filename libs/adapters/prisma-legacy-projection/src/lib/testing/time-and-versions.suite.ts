// What the legacy database gives back must be what was written, whatever its TimeZone, and every
// version an event may carry must fit the bookkeeping columns. Run once per database lane.
import { ordersLegacyMapping } from '@outflow/orders';
import type { OutboxEvent } from '@outflow/core-domain';
import { openLegacyDatabase } from '../legacy-database';
import { PrismaLegacyProjection, type RawSql } from '../prisma-legacy-projection';
import { sampleOrderState } from '@outflow/orders/testing';
import type { TestLegacyDatabase } from './test-database';

const ZONE = /^[A-Za-z_]+\/[A-Za-z_]+$/;

/**
 * Runs `body` on a connection whose session TimeZone is `zone`: `SET TimeZone` on PGlite (one
 * connection); on a server, `ALTER DATABASE … SET TimeZone` and a new connection pool, as a
 * database configured that way is met in production. Restores the zone afterwards.
 */
async function inTimeZone(db: TestLegacyDatabase, zone: string, body: (sql: RawSql) => Promise<void>) {
  if (!ZONE.test(zone)) throw new RangeError(`not an IANA zone name: ${zone}`);
  const url = db.environment['DATABASE_URL'];
  if (!url) {
    await db.sql.$queryRawUnsafe(`SET TimeZone = '${zone}'`);
    return body(db.sql).finally(() => db.sql.$queryRawUnsafe(`RESET TimeZone`));
  }
  const alter = (setting: string) =>
    db.sql.$queryRawUnsafe(
      `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I %s', current_database(), $q$${setting}$q$); END $$`,
    );
  await alter(`SET TimeZone = '${zone}'`);
  const zoned = await openLegacyDatabase({ kind: 'postgres', url });
  try {
    await body(zoned.sql);
  } finally {
    await zoned.close();
    await alter('RESET TimeZone');
  }
}

const event = (
  orderId: string,
  version: number,
  change: { state: object } | { deleted: true },
  eventId = `${orderId}-v${version}`,
): OutboxEvent =>
  ({
    eventId,
    eventType: 'deleted' in change ? 'order.deleted' : 'order.changed',
    aggregateType: 'order',
    aggregateId: orderId,
    aggregateVersion: version,
    occurredAt: '2026-11-01T10:00:00.000Z',
    schemaVersion: 1,
    ...change,
  }) as OutboxEvent;

export function describeTimeAndVersionsSuite(
  lane: 'PGlite' | 'PostgreSQL',
  open: () => Promise<TestLegacyDatabase>,
): void {
  let db: Promise<TestLegacyDatabase> | undefined;
  const shared = () => (db ??= open());
  afterAll(async () => (await db)?.destroy(), 60_000);
  const projection = (sql: RawSql) => new PrismaLegacyProjection({ sql, mappings: [ordersLegacyMapping] });
  const id = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}`;

  describe(`PrismaLegacyProjection on ${lane}: time zones and versions`, () => {
    it.each(['Europe/Berlin', 'America/New_York', 'Asia/Kolkata'])(
      'reads a timestamptz back as the instant stored when the database TimeZone is %s',
      async (zone) => {
        // Prepare: written at 10:00Z (and 23:30Z, which is another day in Berlin and Kolkata).
        const orderId = id('tz');
        const state = {
          ...sampleOrderState(orderId, 1),
          createdAt: '2026-11-01T10:00:00.000Z',
          updatedAt: '2026-11-01T23:30:00.123Z',
        };
        const written = event(orderId, 1, { state });
        await projection((await shared()).sql).apply([written]);
        await inTimeZone(await shared(), zone, async (sql) => {
          // Assess: the session really is in that zone, and the store still gives back the instants.
          const [shown] = await sql.$queryRawUnsafe<{ zone: string; local: string }[]>(
            `SELECT current_setting('TimeZone') AS zone, created_at::text AS local FROM orders WHERE id = $1::text`,
            orderId,
          );
          expect(shown?.zone).toBe(zone);
          expect(shown?.local).not.toMatch(/\+00$/);
          expect(await projection(sql).read('order', orderId)).toEqual({
            kind: 'present',
            version: 1,
            state,
          });
        });
      },
      60_000,
    );

    it.each([2 ** 31 - 1, 2 ** 31, Number.MAX_SAFE_INTEGER])(
      'holds version %d (every version an event may carry) and its tombstone',
      async (version) => {
        const orderId = id('version');
        const store = projection((await shared()).sql);
        expect(
          await store.apply([event(orderId, version - 1, { state: sampleOrderState(orderId, 2) })]),
        ).toEqual([{ kind: 'applied' }]);
        expect(await store.apply([event(orderId, version, { deleted: true })])).toEqual([
          { kind: 'applied' },
        ]);
        expect(await store.read('order', orderId)).toEqual({ kind: 'tombstone', version });
        expect(
          await store.apply([event(orderId, version - 1, { state: sampleOrderState(orderId, 2) }, 'late')]),
        ).toEqual([{ kind: 'stale', heldVersion: version }]);
      },
    );
  });
}
