import { OUTBOX_BUS_ENTRY_MAX_BYTES, toBusEventDetail } from '@outflow/core-domain';
import { dynamoDbLocalEndpoint } from '@outflow/dynamodb-local/testing';
import { BATCH_ITEM_FAILURE_CHANNEL, type BatchItemFailureNotice } from '@outflow/runtime-lambda';
import type { LocalStack, LocalSubscription } from '@outflow/runtime-local';
import { makeEvent, sqsRecord } from '@outflow/testing';
import { outflowTopology } from '@outflow/topology';
import type { Context } from 'aws-lambda';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { resolve } from 'node:path';
import { createLocalSubscription } from './local';

const stackAt = (dynamoDbEndpoint: string): LocalStack => ({
  subscription: outflowTopology.subscriptions.find((s) => s.app === 'views-sync')!,
  dataDir: resolve(__dirname, '../../..', '.outflow-unused'),
  repoRoot: resolve(__dirname, '../../..'),
  dynamoDbEndpoint,
  env: {},
  purpose: 'run',
  log: () => undefined,
  warn: () => undefined,
});

/** The local entry (exports["./local"]) as `npm start` plugs it in: the views table in DynamoDB Local. */
describe('Local entry: createLocalSubscription', () => {
  let local: LocalSubscription;

  beforeAll(async () => {
    local = await createLocalSubscription(stackAt(dynamoDbLocalEndpoint()));
  });
  afterAll(async () => local?.dispose());

  const state = (orderId: string, totalCents: number) => ({
    orderId,
    customerId: 'c-1',
    status: 'created',
    currency: 'EUR',
    items: [{ sku: 'A', quantity: 1, unitPriceCents: 500 }],
    totalCents,
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:00:00.000Z',
  });
  const record = (messageId: string, orderId: string, totalCents: number) =>
    sqsRecord(toBusEventDetail(makeEvent('order', orderId, 1, { state: state(orderId, totalCents) })), {
      messageId,
    });

  it('creates the views table in DynamoDB Local, says so, and offers its name to the view routes', () => {
    expect(local.describe).toBe(
      `views table outflow-local-views in DynamoDB Local (${dynamoDbLocalEndpoint()}), read by GET /customers/{id}/summary and GET /stats/orders-by-status`,
    );
    expect(local.apiEnv).toEqual({ VIEWS_TABLE_NAME: 'outflow-local-views' });
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
            record('p4', 'o-p', 500),
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

  it('applies a batch through the Lambda handler and reports only the invalid message as failed', async () => {
    // Act: the second order's total is not the sum of its items.
    const response = await local.handler(
      { Records: [record('m1', 'o-1', 500), record('m2', 'o-2', 7), record('m1', 'o-1', 500)] },
      {} as Context,
    );
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(await local.store?.read('order', 'o-1')).toEqual({
      kind: 'present',
      version: 1,
      state: state('o-1', 500),
    });
    expect(await local.store?.read('order', 'o-2')).toEqual({ kind: 'absent' });
  });

  it('names DynamoDB Local and the table when the table cannot be created', async () => {
    await expect(createLocalSubscription(stackAt('http://127.0.0.1:1'))).rejects.toThrow(
      /Cannot create the views table outflow-local-views in DynamoDB Local at http:\/\/127\.0\.0\.1:1/,
    );
  });
});
