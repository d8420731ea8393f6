// Marker pruning on one database lane; called by describeLegacyProjectionSuite so it shares that
// lane's database (a new PGlite costs seconds and hundreds of MB).
import { ordersLegacyMapping } from '@outflow/orders';
import { makeEvent } from '@outflow/testing';
import type { OutboxEvent } from '@outflow/core-domain';
import { DEFAULT_MARKER_RETENTION_DAYS, markerCutoff } from '../applied-event-markers';
import { PrismaLegacyProjection } from '../prisma-legacy-projection';
import { sampleOrderState } from '@outflow/orders/testing';
import type { TestLegacyDatabase } from './test-database';

const DAY_MS = 86_400_000;
const order = (id: string, version: number) =>
  makeEvent('order', id, version, { state: { ...sampleOrderState(id, version) } });
const unique = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}`;

export function describeMarkerPruning(lane: string, shared: () => Promise<TestLegacyDatabase>): void {
  const store = async () =>
    new PrismaLegacyProjection({ sql: (await shared()).sql, mappings: [ordersLegacyMapping] });
  const sql = async <T>(query: string, ...values: unknown[]) =>
    (await shared()).sql.$queryRawUnsafe<T[]>(query, ...values);
  /** Pretends the markers of `events` were written `days` days ago. */
  const age = (events: readonly OutboxEvent[], days: number) =>
    sql(
      `UPDATE outflow_applied_events SET applied_at = now() - make_interval(days => $1::int) WHERE event_id = ANY($2::text[])`,
      days,
      events.map((e) => e.eventId),
    );
  const markersOf = async (events: readonly OutboxEvent[]) =>
    (
      await sql<{ event_id: string }>(
        `SELECT event_id FROM outflow_applied_events WHERE event_id = ANY($1::text[]) ORDER BY event_id`,
        events.map((e) => e.eventId),
      )
    ).map((row) => row.event_id);
  /** What the legacy app reads for `ids`, plus Outflow's version rows: must not move. */
  const legacyView = (ids: readonly string[]) =>
    Promise.all([
      sql(`SELECT * FROM orders WHERE id = ANY($1::text[]) ORDER BY id`, ids),
      sql(`SELECT * FROM order_items WHERE order_id = ANY($1::text[]) ORDER BY order_id, line_no`, ids),
      sql(
        `SELECT aggregate_id, version, deleted FROM outflow_projection_versions WHERE aggregate_id = ANY($1::text[]) ORDER BY aggregate_id`,
        ids,
      ),
    ]);
  const retentionCutoff = () => markerCutoff(new Date(), DEFAULT_MARKER_RETENTION_DAYS);

  describe(`Method: pruneAppliedEventMarkers (${lane})`, () => {
    it('deletes only the markers older than the retention, in bounded batches, and nothing else', async () => {
      // Prepare: five orders; three markers 40 days old, one 30 days old, one fresh.
      const events = Array.from({ length: 5 }, (_, i) => order(unique(`prune-${i}`), 1));
      const s = await store();
      await s.apply(events);
      await age(events.slice(0, 3), 40);
      await age(events.slice(3, 4), 30);
      const ids = events.map((e) => e.aggregateId);
      const before = await legacyView(ids);
      // Act
      const result = await s.pruneAppliedEventMarkers({ olderThan: retentionCutoff(), batchSize: 2 });
      // Assess
      expect(result).toEqual({ deleted: 3, batches: 2 });
      expect(await markersOf(events)).toEqual(
        events
          .slice(3)
          .map((e) => e.eventId)
          .sort(),
      );
      expect(await legacyView(ids)).toEqual(before);
      expect(await s.pruneAppliedEventMarkers({ olderThan: retentionCutoff() })).toEqual({
        deleted: 0,
        batches: 1,
      });
    });

    it('keeps a duplicate older than the retention harmless after its marker is pruned', async () => {
      // Prepare: A at v2 (v1 and v2 applied), B deleted at v2 (a tombstone); all markers 40 days old, pruned.
      const [a, b] = [unique('late-dup-a'), unique('late-dup-b')];
      const history = [
        order(a, 1),
        order(a, 2),
        order(b, 1),
        makeEvent('order', b, 2, { deleted: true }),
      ] as const;
      const s = await store();
      for (const event of history) await s.apply([event]);
      await age(history, 40);
      await s.pruneAppliedEventMarkers({ olderThan: retentionCutoff() });
      expect(await markersOf(history)).toEqual([]);
      const before = await legacyView([a, b]);
      // Act: the archive replays the old events, byte for byte the same (same event ids).
      const outcomes = await s.apply([history[1], history[0], history[2], history[3]]);
      // Assess: same version → duplicate, older → stale; no row moved, no marker came back.
      expect(outcomes).toEqual([
        { kind: 'duplicate' },
        { kind: 'stale', heldVersion: 2 },
        { kind: 'stale', heldVersion: 2 },
        { kind: 'duplicate' },
      ]);
      expect(await legacyView([a, b])).toEqual(before);
      expect(await sql(`SELECT count(*)::int AS n FROM orders WHERE id = $1`, b)).toEqual([{ n: 0 }]);
      expect(await markersOf(history)).toEqual([]);
    });

    const fortyDaysAgo = new Date(Date.now() - 40 * DAY_MS);
    it.each([
      ['an invalid date', { olderThan: new Date(Number.NaN) }, /olderThan must be a valid Date/],
      ['a batch size of 0', { olderThan: fortyDaysAgo, batchSize: 0 }, /batchSize must be an integer from 1/],
      ['a fractional batch size', { olderThan: fortyDaysAgo, batchSize: 2.5 }, /batchSize .* got 2\.5/],
    ])('refuses %s, naming the field', async (_label, options, message) => {
      await expect((await store()).pruneAppliedEventMarkers(options)).rejects.toMatchObject({
        code: 'INVALID_PRUNE_OPTIONS',
        message: expect.stringMatching(message),
      });
    });
  });
}
