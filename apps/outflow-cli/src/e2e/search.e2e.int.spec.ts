// Done when (issue 15): with the stack `npm start` runs (startDevEnvironment: DynamoDB Local, the
// local runtime, every subscription's ./local entry, orders-service's API), an order created and
// then confirmed is found by GET /orders/search?status=confirmed and not by status=created — also
// when its two changes reach search in reverse order — and a deleted order is not found.
import { toBusEventDetail } from '@outflow/core-domain';
import { localLambdaContext } from '@outflow/runtime-local';
import { makeEvent, sqsRecord } from '@outflow/testing';
import type { SQSEvent } from 'aws-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevEnvironment, type DevEnvironment } from '../dev/dev-environment';

describe('E2E: npm start → GET /orders/search', () => {
  jest.setTimeout(180_000);
  const root = mkdtempSync(join(tmpdir(), 'outflow-search-e2e-'));
  const lines: string[] = [];
  let env: DevEnvironment;
  const run = Date.now().toString(36);

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${env.api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const found = async (query: string): Promise<string[]> => {
    const { status, body } = await call('GET', `/orders/search?${query}`);
    expect(status).toBe(200);
    return (body['items'] as { id: string }[]).map((hit) => hit.id);
  };
  /** Search follows the writes (stream → bus → queue → search-sync): asks until `expected` or 20 s. */
  const eventually = async (query: string, expected: string[]) => {
    const deadline = Date.now() + 20_000;
    let ids = await found(query);
    while (JSON.stringify(ids) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ids = await found(query);
    }
    return ids;
  };
  const createAndConfirm = async (orderId: string, customerId: string) => {
    const created = await call('POST', '/orders', {
      orderId,
      customerId,
      currency: 'EUR',
      items: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 990 }],
    });
    expect(created.status).toBe(201);
    expect((await call('POST', `/orders/${orderId}/confirm`)).status).toBe(200);
    return created.body;
  };

  beforeAll(async () => {
    const environment = { ...process.env };
    delete environment['OPENSEARCH_URL']; // the local emulator, as a plain `npm start`
    env = await startDevEnvironment({
      dataDir: join(root, 'data'),
      port: 0,
      timeScale: 0.05,
      log: (line) => lines.push(line),
      warn: (line) => lines.push(`warning: ${line}`),
      env: environment,
      // The bus shuffles the deliveries of each PutEvents call (random 0: two deliveries swap).
      faults: { bus: { reorder: true, random: () => 0 } },
    });
  });
  afterAll(async () => {
    await env?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('finds a confirmed order by status=confirmed and not by status=created', async () => {
    const customer = `c-${run}-1`;
    await createAndConfirm(`o-${run}-1`, customer);
    expect(await eventually(`customerId=${customer}&status=confirmed`, [`o-${run}-1`])).toEqual([
      `o-${run}-1`,
    ]);
    expect(await found(`customerId=${customer}&status=created`)).toEqual([]);
  });

  it('keeps it confirmed when the created change reaches search after the confirmed one', async () => {
    // Prepare: the order confirmed in search.
    const customer = `c-${run}-2`;
    const orderId = `o-${run}-2`;
    const created = await createAndConfirm(orderId, customer);
    expect(await eventually(`customerId=${customer}&status=confirmed`, [orderId])).toEqual([orderId]);
    // Act: the created change (version 1) arrives late, as the bus delivers it to search-sync's consumer.
    const { version: _version, ...state } = created;
    const late = makeEvent('order', orderId, 1, { state });
    const event: SQSEvent = { Records: [sqsRecord(toBusEventDetail(late))] };
    const answer = await env.subscriptions['search']?.handler(
      event,
      localLambdaContext({ functionName: 'search-sync-applyToSearch', timeoutMs: 30_000 }),
    );
    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    await env.runtime.waitForIdle({ timeoutMs: 20_000 });
    expect(await found(`customerId=${customer}&status=confirmed`)).toEqual([orderId]);
    expect(await found(`customerId=${customer}&status=created`)).toEqual([]);
  });

  it('does not find a deleted order', async () => {
    const customer = `c-${run}-3`;
    await createAndConfirm(`o-${run}-3`, customer);
    expect(await eventually(`customerId=${customer}`, [`o-${run}-3`])).toEqual([`o-${run}-3`]);
    expect((await call('DELETE', `/orders/o-${run}-3`)).status).toBeLessThan(300);
    expect(await eventually(`customerId=${customer}`, [])).toEqual([]);
  });

  it('runs search on the local emulator, as a plain `npm start` does', () => {
    expect(env.subscriptions['search']?.describe).toMatch(/emulator/);
  });
});
