// Done when (issue 16): with the stack `npm start` runs (startDevEnvironment: DynamoDB Local, the
// local runtime, every subscription's ./local entry, orders-service's API), GET
// /customers/{id}/summary reflects orders created, confirmed, cancelled and deleted through the
// API — also when the bus reorders deliveries — and GET /stats/orders-by-status counts them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevEnvironment, type DevEnvironment } from '../dev/dev-environment';

describe('E2E: npm start → GET /customers/{id}/summary', () => {
  jest.setTimeout(180_000);
  const root = mkdtempSync(join(tmpdir(), 'outflow-views-e2e-'));
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
  /** The views follow the writes (stream → bus → queue → views-sync): asks until `expected` or 20 s. */
  const eventually = async (path: string, expected: unknown) => {
    const deadline = Date.now() + 20_000;
    let answer = (await call('GET', path)).body;
    while (JSON.stringify(answer) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = (await call('GET', path)).body;
    }
    return answer;
  };
  const create = async (orderId: string, customerId: string, currency: string, unitPriceCents: number) => {
    const created = await call('POST', '/orders', {
      orderId,
      customerId,
      currency,
      items: [{ sku: 'SKU-1', quantity: 2, unitPriceCents }],
    });
    expect(created.status).toBe(201);
  };

  beforeAll(async () => {
    const environment = { ...process.env };
    delete environment['OPENSEARCH_URL'];
    env = await startDevEnvironment({
      dataDir: join(root, 'data'),
      port: 0,
      timeScale: 0.05,
      log: () => undefined,
      warn: () => undefined,
      env: environment,
      // The bus shuffles the deliveries of each PutEvents call (random 0: two deliveries swap).
      faults: { bus: { reorder: true, random: () => 0 } },
    });
  });
  afterAll(async () => {
    await env?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('reflects orders created, confirmed, cancelled and deleted through the API, totals per currency', async () => {
    // Prepare: the counts by status once the seeded demo orders are in the views.
    await env.runtime.waitForIdle({ timeoutMs: 20_000 });
    const before = (await call('GET', '/stats/orders-by-status')).body as {
      byStatus: Record<string, number>;
    };
    // Act: a: created → confirmed; b: created → cancelled; c (USD): created; d: created → deleted.
    const customer = `c-${run}`;
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => `o-${run}-${x}`) as [string, string, string, string];
    await create(a, customer, 'EUR', 500);
    await create(b, customer, 'EUR', 300);
    await create(c, customer, 'USD', 700);
    await create(d, customer, 'EUR', 100);
    expect((await call('POST', `/orders/${a}/confirm`)).status).toBe(200);
    expect((await call('POST', `/orders/${b}/cancel`)).status).toBe(200);
    expect((await call('DELETE', `/orders/${d}`)).status).toBeLessThan(300);
    // Assess
    const expected = {
      customerId: customer,
      orders: 3,
      byStatus: {
        created: { count: 1, totalCents: { USD: 1400 } },
        confirmed: { count: 1, totalCents: { EUR: 1000 } },
        shipped: { count: 0, totalCents: {} },
        cancelled: { count: 1, totalCents: { EUR: 600 } },
      },
    };
    expect(await eventually(`/customers/${customer}/summary`, expected)).toEqual(expected);
    await env.runtime.waitForIdle({ timeoutMs: 20_000 });
    const after = (await call('GET', '/stats/orders-by-status')).body as { byStatus: Record<string, number> };
    const delta = Object.fromEntries(
      Object.entries(after.byStatus).map(([status, n]) => [status, n - (before.byStatus[status] ?? 0)]),
    );
    expect(delta).toEqual({ created: 1, confirmed: 1, shipped: 0, cancelled: 1 });
  });

  it('runs views-sync on DynamoDB Local, as a plain `npm start` does', () => {
    expect(env.subscriptions['views']?.describe).toMatch(
      /^views table outflow-local-views in DynamoDB Local/,
    );
  });
});
