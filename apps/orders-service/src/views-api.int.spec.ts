import { createClient } from '@outflow/dynamodb-local';
import { DynamoDbViewsStore, ensureViewsTable } from '@outflow/dynamodb-views';
import { ordersViewDefinition } from '@outflow/orders';
import { sampleOrderState } from '@outflow/orders/testing';
import { serveHttpApi, type ServedHttpApi } from '@outflow/runtime-local';
import { makeEvent } from '@outflow/testing';
import { routes } from './routes';

/**
 * The view routes over real HTTP on localhost: the very Lambda handlers, served by serveHttpApi,
 * reading a views table in DynamoDB Local that a DynamoDbViewsStore wrote.
 */
describe('HTTP API: GET /customers/{id}/summary and GET /stats/orders-by-status on localhost', () => {
  let api: ServedHttpApi;
  const get = async (path: string) => {
    const response = await fetch(`${api.url}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const order = (id: string, version: number, overrides: Parameters<typeof sampleOrderState>[2]) =>
    makeEvent('order', id, version, { state: { ...sampleOrderState(id, version, overrides) } });

  beforeAll(async () => {
    // Prepare: customer c-9 with a confirmed EUR order, a cancelled USD order and a deleted one.
    const endpoint = process.env['OUTFLOW_DYNAMODB_ENDPOINT'] as string;
    const client = createClient(endpoint);
    const tableName = `views-api-${Date.now()}`;
    await ensureViewsTable(client, tableName);
    const store = new DynamoDbViewsStore({ client, tableName, definitions: [ordersViewDefinition] });
    await store.apply([
      order('v-1', 2, { customerId: 'c-9' }),
      order('v-2', 2, { customerId: 'c-9', currency: 'USD', status: 'cancelled' }),
      order('v-3', 1, { customerId: 'c-9' }),
    ]);
    await store.apply([makeEvent('order', 'v-3', 2, { deleted: true })]);
    Object.assign(process.env, {
      TABLE_NAME: 'unused',
      DYNAMODB_ENDPOINT: endpoint,
      VIEWS_TABLE_NAME: tableName,
    });
    api = await serveHttpApi({ routes, port: 0 });
  }, 60_000);
  afterAll(() => api?.close());

  it('answers the customer’s orders by status with totals per currency; deleted orders count nowhere', async () => {
    expect(await get('/customers/c-9/summary')).toEqual({
      status: 200,
      body: {
        customerId: 'c-9',
        orders: 2,
        byStatus: {
          created: { count: 0, totalCents: {} },
          confirmed: { count: 1, totalCents: { EUR: sampleOrderState('v-1', 2).totalCents } },
          shipped: { count: 0, totalCents: {} },
          cancelled: { count: 1, totalCents: { USD: sampleOrderState('v-2', 2).totalCents } },
        },
      },
    });
    expect((await get('/customers/nobody/summary')).body['orders']).toBe(0);
  });

  it('answers all orders by status, its shards summed', async () => {
    expect(await get('/stats/orders-by-status')).toEqual({
      status: 200,
      body: { orders: 2, byStatus: { created: 0, confirmed: 1, shipped: 0, cancelled: 1 } },
    });
  });

  it('answers 400 naming a customer id that is too long', async () => {
    const bad = await get(`/customers/${'x'.repeat(65)}/summary`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: 'validation',
      issues: [expect.objectContaining({ path: 'customerId' })],
    });
  });
});
