// The packaged artifact, run as Lambda would run it, against the PostgreSQL server named by
// DATABASE_URL (CI sets it); without it, jest's summary counts these tests as skipped, saying why.
import { packageService, readArtifactEntry } from '@outflow/deploy-checks';
import { toBusEventDetail } from '@outflow/core-domain';
import { createTestLegacyDatabase, type TestLegacyDatabase } from '@outflow/prisma-legacy-projection/testing';
import { makeEvent, sqsRecord } from '@outflow/testing';
import type { SQSEvent } from 'aws-lambda';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

type Handler = (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

const record = (messageId: string, body: string, groupId: string) => sqsRecord(body, { messageId, groupId });

const serverUrl = process.env['DATABASE_URL'];
const describeServer = serverUrl ? describe : describe.skip;
const skipped = serverUrl
  ? ''
  : ' (skipped: DATABASE_URL not set — run with DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres)';

describeServer(`Deployable: the packaged legacy-rdb-sync bundle on PostgreSQL${skipped}`, () => {
  let db: TestLegacyDatabase;
  let handler: Handler;
  let unpacked: string | undefined;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    const packaged = await packageService(join(__dirname, '..'));
    const code = await readArtifactEntry(
      join(packaged.dir, 'applyToLegacyDb.zip'),
      'src/handlers/queue-apply.handler.js',
    );
    unpacked = mkdtempSync(join(tmpdir(), 'legacy-rdb-sync-bundle-'));
    writeFileSync(join(unpacked, 'handler.js'), code);
    rmSync(packaged.dir, { recursive: true, force: true });

    db = await createTestLegacyDatabase(
      { dir: resolve(__dirname, '../../../prisma') },
      { kind: 'postgres', serverUrl: serverUrl as string },
    );
    delete process.env['LEGACY_DB_SECRET_ARN'];
    process.env['DATABASE_URL'] = db.environment['DATABASE_URL'];
    process.env['LOG_LEVEL'] = 'error';
    // The bundle alone, with nothing from this repository's node_modules: what Lambda loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ handler } = require(join(unpacked, 'handler.js')) as { handler: Handler });
  }, 240_000);
  afterAll(async () => {
    process.env = savedEnv;
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
    await db?.destroy();
  });

  it('applies a batch through the bundled Prisma client and reports only the poison message as failed', async () => {
    const state = (orderId: string) => ({
      orderId,
      customerId: 'c-1',
      status: 'created',
      currency: 'EUR',
      items: [{ sku: 'A', quantity: 2, unitPriceCents: 1250 }],
      totalCents: 2500,
      createdAt: '2026-11-22T10:00:00.000Z',
      updatedAt: '2026-11-22T10:00:00.000Z',
    });
    const good = (id: string) =>
      JSON.stringify(toBusEventDetail(makeEvent('order', id, 1, { state: state(id) })));
    const result = await handler({
      Records: [
        record('m1', good('bundle-1'), 'bundle-1'),
        record('m2', '{"eventId": 1}', 'bundle-2'),
        record('m3', good('bundle-3'), 'bundle-3'),
      ],
    });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    const rows = await db.sql.$queryRawUnsafe<{ id: string; total_amount: string }[]>(
      'SELECT id, total_amount::text FROM orders ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 'bundle-1', total_amount: '25.00' },
      { id: 'bundle-3', total_amount: '25.00' },
    ]);
  });
});
