import { toBusEventDetail } from '@outflow/core-domain';
import { applyMigrations, openLegacyDatabase } from '@outflow/prisma-legacy-projection';
import { makeEvent, sqsRecord } from '@outflow/testing';
import type { SQSEvent } from 'aws-lambda';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The handler module exactly as Lambda loads it, configured through its environment. */
describe('Handler: queue-apply', () => {
  let dataDir: string;
  let handler: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'legacy-rdb-sync-'));
    const db = await openLegacyDatabase({ kind: 'pglite', dataDir });
    await applyMigrations({ dir: resolve(__dirname, '../../../../prisma') }, db.adapterFactory);
    await db.close();
    // Exactly one database setting, whatever the caller's shell (CI sets DATABASE_URL) holds.
    delete process.env['DATABASE_URL'];
    delete process.env['LEGACY_DB_SECRET_ARN'];
    process.env['LEGACY_PGLITE_DIR'] = dataDir;
    ({ handler } = await import('./queue-apply.handler'));
  });
  afterAll(async () => {
    process.env = savedEnv;
    await rm(dataDir, { recursive: true, force: true });
  });

  const state = (orderId: string, totalCents: number) => ({
    orderId,
    customerId: 'c-1',
    status: 'created',
    currency: 'EUR',
    items: [{ sku: 'A', quantity: 1, unitPriceCents: totalCents }],
    totalCents,
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:00:00.000Z',
  });
  const record = (messageId: string, orderId: string, totalCents: number) =>
    sqsRecord(toBusEventDetail(makeEvent('order', orderId, 1, { state: state(orderId, totalCents) })), {
      messageId,
      groupId: orderId,
    });

  it('applies a batch to the legacy database and reports only the refused message as failed', async () => {
    // Act: the second order's total does not fit DECIMAL(12,2).
    const response = await handler({
      Records: [record('m1', 'o-1', 1999), record('m2', 'o-2', 10 ** 14), record('m3', 'o-3', 500)],
    });
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    const db = await openLegacyDatabase({ kind: 'pglite', dataDir });
    try {
      expect(
        await db.prisma.$queryRawUnsafe(`SELECT id, total_amount::text AS total FROM orders ORDER BY id`),
      ).toEqual([
        { id: 'o-1', total: '19.99' },
        { id: 'o-3', total: '5.00' },
      ]);
    } finally {
      await db.close();
    }
  });
});
