import { OUTBOX_BUS_ENTRY_MAX_BYTES, toBusEventDetail } from '@outflow/core-domain';
import { BATCH_ITEM_FAILURE_CHANNEL, type BatchItemFailureNotice } from '@outflow/runtime-lambda';
import type { LocalStack, LocalSubscription } from '@outflow/runtime-local';
import { makeEvent, sqsRecord } from '@outflow/testing';
import { outflowTopology } from '@outflow/topology';
import type { Context } from 'aws-lambda';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLocalSubscription } from './local';

/** The local entry (exports["./local"]) as `npm start` plugs it in: embedded PGlite in the data dir. */
describe('Local entry: createLocalSubscription', () => {
  let dataDir: string;
  let local: LocalSubscription;
  const lines: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'legacy-rdb-sync-local-'));
    const stack: LocalStack = {
      subscription: outflowTopology.subscriptions.find((s) => s.app === 'legacy-rdb-sync')!,
      dataDir,
      repoRoot: resolve(__dirname, '../../..'),
      dynamoDbEndpoint: 'http://127.0.0.1:1',
      env: {},
      purpose: 'run',
      log: (line) => lines.push(line),
      warn: (line) => lines.push(line),
    };
    local = await createLocalSubscription(stack);
  });
  afterAll(async () => {
    await local?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  const state = (orderId: string, unitPriceCents: number) => ({
    orderId,
    customerId: 'c-1',
    status: 'created',
    currency: 'EUR',
    items: [{ sku: 'A', quantity: 1, unitPriceCents }],
    totalCents: unitPriceCents,
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:00:00.000Z',
  });
  const record = (messageId: string, orderId: string, unitPriceCents: number) =>
    sqsRecord(toBusEventDetail(makeEvent('order', orderId, 1, { state: state(orderId, unitPriceCents) })), {
      messageId,
      groupId: 'legacy-rdb',
    });

  it('keeps the embedded database in the data dir and says so', () => {
    expect(local.describe).toBe(`embedded PostgreSQL (PGlite) in ${join(dataDir, 'legacy-db')}`);
  });

  it('reports malformed, oversized and unparseable-shape records as PERMANENT failures (dead-lettered on the first receive), applying the valid one of the batch', async () => {
    // Prepare: what the local runtime listens to (a deployed handler sends these to its DLQ itself).
    const notices: BatchItemFailureNotice[] = [];
    const listener = (notice: unknown) => notices.push(notice as BatchItemFailureNotice);
    subscribe(BATCH_ITEM_FAILURE_CHANNEL, listener);
    // Act
    let response: unknown;
    try {
      response = await local.handler(
        {
          Records: [
            sqsRecord('{"detail": {', { messageId: 'p1' }),
            sqsRecord({ detail: { event: 'x'.repeat(OUTBOX_BUS_ENTRY_MAX_BYTES) } }, { messageId: 'p2' }),
            sqsRecord({ detail: { event: 42 } }, { messageId: 'p3' }),
            record('p4', 'o-p', 1999),
          ],
        },
        {} as Context,
      );
    } finally {
      unsubscribe(BATCH_ITEM_FAILURE_CHANNEL, listener);
    }
    // Assess
    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'p1' }, { itemIdentifier: 'p2' }, { itemIdentifier: 'p3' }],
    });
    expect(notices).toEqual([
      { messageId: 'p1', reason: expect.stringMatching(/^malformed message: /), permanent: true },
      { messageId: 'p2', reason: expect.stringMatching(/^oversized message: \d+ bytes/), permanent: true },
      { messageId: 'p3', reason: expect.stringMatching(/^malformed message: .*event/), permanent: true },
    ]);
    expect(await local.store?.read('order', 'o-p')).toMatchObject({ kind: 'present', version: 1 });
  });

  it('applies a batch through the Lambda handler and reports only the refused message as failed', async () => {
    // Act: the second order's price does not fit DECIMAL(12,2).
    const response = await local.handler(
      { Records: [record('m1', 'o-1', 1999), record('m2', 'o-2', 10 ** 14), record('m3', 'o-3', 500)] },
      {} as Context,
    );
    // Assess: what the store reads back is what the source wrote.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(await local.store?.read('order', 'o-1')).toEqual({
      kind: 'present',
      version: 1,
      state: state('o-1', 1999),
    });
    expect(await local.store?.read('order', 'o-2')).toEqual({ kind: 'absent' });
  });

  const withDatabaseUrl = (url: string): LocalStack => ({
    subscription: outflowTopology.subscriptions[0]!,
    dataDir,
    repoRoot: resolve(__dirname, '../../..'),
    dynamoDbEndpoint: 'http://127.0.0.1:1',
    env: { DATABASE_URL: url },
    purpose: 'run',
    log: () => undefined,
    warn: () => undefined,
  });

  it('says in one sentence what to do when nothing listens at DATABASE_URL', async () => {
    await expect(
      createLocalSubscription(withDatabaseUrl('postgresql://nobody@127.0.0.1:1/none')),
    ).rejects.toMatchObject({
      message:
        'Nothing accepts connections at 127.0.0.1:1 (DATABASE_URL): start the PostgreSQL server, or fix the host and port in the URL.',
    });
  });

  it('refuses DATABASE_URL=notaurl naming the expected form (not "Can\'t reach database server at base")', async () => {
    await expect(createLocalSubscription(withDatabaseUrl('notaurl'))).rejects.toMatchObject({
      message:
        'DATABASE_URL is not a PostgreSQL URL: expected postgresql://user:password@host:5432/database, got "notaurl".',
    });
  });
});
