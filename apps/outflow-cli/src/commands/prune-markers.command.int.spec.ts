// `outflow prune-markers` against a real legacy database: PGlite always, the PostgreSQL server
// when DATABASE_URL is set.
import { ordersLegacyMapping } from '@outflow/orders';
import { sampleOrderState } from '@outflow/orders/testing';
import { PrismaLegacyProjection } from '@outflow/prisma-legacy-projection';
import {
  createTestLegacyDatabase,
  prismaProject,
  type TestLegacyDatabase,
} from '@outflow/prisma-legacy-projection/testing';
import { makeEvent } from '@outflow/testing';
import type { CliIo } from '../cli/command';
import { main } from '../main';

const serverUrl = process.env['DATABASE_URL'];
const lanes = [
  ['PGlite', { kind: 'pglite' }] as const,
  ...(serverUrl ? [['PostgreSQL', { kind: 'postgres', serverUrl }] as const] : []),
];

describe.each(lanes)('Command: prune-markers on %s', (_lane, lane) => {
  let db: TestLegacyDatabase;
  beforeAll(async () => {
    db = await createTestLegacyDatabase(prismaProject, lane);
  }, 60_000);
  afterAll(() => db?.destroy(), 60_000);

  it('deletes the markers older than --older-than and keeps the rest', async () => {
    // Prepare: three orders applied; one marker 40 days old, one 10 days old, one fresh.
    const ids = ['cli-prune-old', 'cli-prune-mid', 'cli-prune-new'];
    const events = ids.map((id) => makeEvent('order', id, 1, { state: { ...sampleOrderState(id, 1) } }));
    await new PrismaLegacyProjection({ sql: db.sql, mappings: [ordersLegacyMapping] }).apply(events);
    for (const [event, days] of [
      [events[0], 40],
      [events[1], 10],
    ] as const) {
      await db.sql.$queryRawUnsafe(
        `UPDATE outflow_applied_events SET applied_at = now() - make_interval(days => $1::int) WHERE event_id = $2::text`,
        days,
        event?.eventId,
      );
    }
    const where =
      db.environment['DATABASE_URL'] !== undefined
        ? ['--database-url', db.environment['DATABASE_URL']]
        : ['--pglite-dir', db.environment['LEGACY_PGLITE_DIR'] as string];
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
    // Act
    const code = await main(['prune-markers', '--older-than', '35d', ...where], io);
    // Assess
    expect([code, err]).toEqual([0, []]);
    expect(out[0]).toMatch(/^pruned 1 applied-event marker\(s\) applied before \d{4}-/);
    const left = await db.sql.$queryRawUnsafe<{ aggregate_id: string }[]>(
      `SELECT aggregate_id FROM outflow_applied_events ORDER BY aggregate_id`,
    );
    expect(left).toEqual([{ aggregate_id: 'cli-prune-mid' }, { aggregate_id: 'cli-prune-new' }]);
    expect(await db.sql.$queryRawUnsafe(`SELECT count(*)::int AS n FROM orders`)).toEqual([{ n: 3 }]);
  });
});

describe('Command: prune-markers, database failures', () => {
  it('says in one sentence what is wrong with the URL and exits 1', async () => {
    const err: string[] = [];
    const code = await main(['prune-markers', '--database-url', 'notaurl'], {
      out: () => undefined,
      err: (text) => err.push(text),
    });
    expect([code, err]).toEqual([
      1,
      [
        'outflow prune-markers: --database-url or DATABASE_URL is not a PostgreSQL URL: expected postgresql://user:password@host:5432/database, got "notaurl".',
      ],
    ]);
  });
});
