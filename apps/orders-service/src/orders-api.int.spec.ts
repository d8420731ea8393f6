import { createClient, ensureTable } from '@outflow/dynamodb-local';
import { outboxTableDefinition } from '@outflow/dynamodb-outbox';
import { serveHttpApi, type ServedHttpApi } from '@outflow/runtime-local';
import { routes } from './routes';

/**
 * The orders API over real HTTP on localhost: the very Lambda handlers, served by serveHttpApi,
 * writing to DynamoDB Local (started once per jest run by the harness's globalSetup).
 */
describe('HTTP API: orders-service on localhost', () => {
  let api: ServedHttpApi;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      headers: response.headers,
    };
  };
  const newOrder = (orderId: string) => ({
    orderId,
    customerId: 'c-1',
    currency: 'EUR',
    items: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1250 }],
  });

  beforeAll(async () => {
    // Prepare: a fresh table from the same definition serverless.ts deploys.
    const endpoint = process.env['OUTFLOW_DYNAMODB_ENDPOINT'];
    if (!endpoint)
      throw new Error(
        'OUTFLOW_DYNAMODB_ENDPOINT is not set: run this spec with the jest config of apps/orders-service (its globalSetup starts DynamoDB Local)',
      );
    const tableName = `orders-api-${Date.now()}`;
    await ensureTable(createClient(endpoint), { ...outboxTableDefinition, TableName: tableName });
    process.env['TABLE_NAME'] = tableName;
    process.env['DYNAMODB_ENDPOINT'] = endpoint;
    api = await serveHttpApi({ routes, port: 0 });
  }, 60_000);
  afterAll(() => api?.close());

  it('creates, confirms and ships an order, each step one version further', async () => {
    // Act
    const created = await call('POST', '/orders', newOrder('o-flow'));
    const confirmed = await call('POST', '/orders/o-flow/confirm');
    const shipped = await call('POST', '/orders/o-flow/ship', { expectedVersion: 2 });
    const read = await call('GET', '/orders/o-flow');
    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/orders/o-flow');
    expect(created.body).toMatchObject({
      ...newOrder('o-flow'),
      status: 'created',
      totalCents: 2500,
      version: 1,
    });
    expect([confirmed.status, confirmed.body['status'], confirmed.body['version']]).toEqual([
      200,
      'confirmed',
      2,
    ]);
    expect([shipped.status, shipped.body['status'], shipped.body['version']]).toEqual([200, 'shipped', 3]);
    expect(read).toMatchObject({ status: 200, body: shipped.body });
  });

  it('chooses an id when none is given', async () => {
    const created = await call('POST', '/orders', { ...newOrder('x'), orderId: undefined });
    expect(created.status).toBe(201);
    expect((await call('GET', `/orders/${created.body['orderId']}`)).status).toBe(200);
  });

  it('answers 400 naming each bad field, and 400 for a body that is not JSON', async () => {
    // Act
    const invalid = await call('POST', '/orders', {
      ...newOrder('o-bad'),
      currency: 'euro',
      items: [{ sku: 'A', quantity: 0, unitPriceCents: 5 }],
    });
    const notJson = await call('POST', '/orders', 'customerId=c-1');
    const badVersion = await call('POST', '/orders/o-flow/cancel', { expectedVersion: 'latest' });
    // Assess
    expect(invalid).toMatchObject({ status: 400, body: { error: 'validation' } });
    expect((invalid.body['issues'] as { path: string }[]).map((i) => i.path)).toEqual([
      'currency',
      'items[0].quantity',
    ]);
    expect(notJson).toMatchObject({
      status: 400,
      body: { error: 'validation', issues: [{ path: '(body)' }] },
    });
    expect(badVersion).toMatchObject({ status: 400, body: { issues: [{ path: 'expectedVersion' }] } });
    expect((await call('GET', '/orders/o-bad')).status).toBe(404);
  });

  it('refuses a body whose orderId contradicts the path, and confirms nothing', async () => {
    // Prepare
    await call('POST', '/orders', newOrder('ev-1'));
    // Act
    const contradiction = await call('POST', '/orders/ev-1/confirm', { orderId: 'o-1' });
    // Assess
    expect(contradiction).toMatchObject({
      status: 400,
      body: { error: 'validation', issues: [{ path: 'orderId' }] },
    });
    expect((contradiction.body['issues'] as { message: string }[])[0]?.message).toContain(
      'the path names order "ev-1" but the body says "o-1"',
    );
    expect((await call('GET', '/orders/ev-1')).body).toMatchObject({ status: 'created', version: 1 });
  });

  it('answers 415 naming application/json for a text/plain or form-encoded body', async () => {
    // Act
    const send = (contentType: string, body: string) =>
      fetch(`${api.url}/orders`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const plain = await send('text/plain', JSON.stringify(newOrder('o-plain')));
    const form = await send('application/x-www-form-urlencoded', 'customerId=c-1&currency=EUR');
    // Assess
    for (const response of [plain, form]) {
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({
        error: 'unsupported-media-type',
        expected: 'application/json',
      });
    }
    expect((await call('GET', '/orders/o-plain')).status).toBe(404);
  });

  it('quotes a number as the client wrote it (quantity 1e20)', async () => {
    // Act
    const huge = await call(
      'POST',
      '/orders',
      '{"orderId":"o-huge","customerId":"c-1","currency":"EUR","items":[{"sku":"A","quantity":1e20,"unitPriceCents":5}]}',
    );
    // Assess
    expect(huge.status).toBe(400);
    const issue = (huge.body['issues'] as { path: string; message: string }[])[0];
    expect(issue?.path).toBe('items[0].quantity');
    expect(issue?.message).toMatch(/got 1e20$/);
  });

  it('answers an unknown route 404 and a wrong method 405 with Allow, in the error shape', async () => {
    // Act
    const unknown = await call('GET', '/customers');
    const wrongMethod = await call('PUT', '/orders/o-1');
    // Assess
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not-found' } });
    expect(wrongMethod).toMatchObject({
      status: 405,
      body: { error: 'method-not-allowed', allowed: ['DELETE', 'GET'] },
    });
    expect(wrongMethod.headers.get('allow')).toBe('DELETE, GET');
  });

  it('answers 404 for an unknown order', async () => {
    expect(await call('GET', '/orders/o-missing')).toMatchObject({
      status: 404,
      body: { error: 'not-found', orderId: 'o-missing' },
    });
    expect((await call('POST', '/orders/o-missing/confirm')).status).toBe(404);
  });

  it('answers 409 conflict for a stale expected version and for an id that exists', async () => {
    // Prepare
    await call('POST', '/orders', newOrder('o-stale'));
    await call('POST', '/orders/o-stale/confirm');
    // Act
    const stale = await call('POST', '/orders/o-stale/cancel', { expectedVersion: 1 });
    const duplicate = await call('POST', '/orders', newOrder('o-stale'));
    // Assess
    expect(stale).toMatchObject({ status: 409, body: { error: 'conflict', currentVersion: 2 } });
    expect(duplicate).toMatchObject({
      status: 409,
      body: { error: 'conflict', message: 'order o-stale already exists; choose another orderId or omit it' },
    });
    expect((await call('GET', '/orders/o-stale')).body).toMatchObject({ status: 'confirmed', version: 2 });
  });

  it('lets one of several concurrent confirmations win; the others get 409', async () => {
    // Prepare
    await call('POST', '/orders', newOrder('o-race'));
    // Act
    const results = await Promise.all(
      Array.from({ length: 4 }, () => call('POST', '/orders/o-race/confirm')),
    );
    // Assess
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect((await call('GET', '/orders/o-race')).body['version']).toBe(2);
  });

  it('answers 409 rule-violation for lifecycle rules, naming the rule', async () => {
    // Prepare
    await call('POST', '/orders', newOrder('o-cancel'));
    await call('POST', '/orders', newOrder('o-shipped'));
    await call('POST', '/orders/o-shipped/confirm');
    await call('POST', '/orders/o-shipped/ship');
    await call('POST', '/orders', newOrder('o-new'));
    // Act
    const cancelled = await call('POST', '/orders/o-cancel/cancel');
    const afterCancel = await call('POST', '/orders/o-cancel/confirm');
    const cancelShipped = await call('POST', '/orders/o-shipped/cancel');
    const shipUnconfirmed = await call('POST', '/orders/o-new/ship');
    // Assess
    expect([cancelled.status, cancelled.body['status'], cancelled.body['version']]).toEqual([
      200,
      'cancelled',
      2,
    ]);
    expect(afterCancel).toMatchObject({
      status: 409,
      body: { error: 'rule-violation', rule: 'cancelled-order-is-final' },
    });
    expect(cancelShipped).toMatchObject({
      status: 409,
      body: { error: 'rule-violation', rule: 'shipped-order-cannot-be-cancelled' },
    });
    expect(shipUnconfirmed).toMatchObject({
      status: 409,
      body: { error: 'rule-violation', rule: 'ship-requires-confirmed', status: 'created' },
    });
  });

  it('DELETE /orders/{id}: 200 with the tombstone version; then 410 gone for every command, 409 for the id again', async () => {
    // Prepare
    await call('POST', '/orders', newOrder('o-del'));
    await call('POST', '/orders/o-del/confirm');
    // Act
    const deleted = await call('DELETE', '/orders/o-del', { expectedVersion: 2 });
    const again = await call('DELETE', '/orders/o-del');
    const read = await call('GET', '/orders/o-del');
    const confirm = await call('POST', '/orders/o-del/cancel');
    const recreate = await call('POST', '/orders', newOrder('o-del'));
    // Assess
    expect(deleted).toMatchObject({ status: 200, body: { orderId: 'o-del', deleted: true, version: 3 } });
    for (const gone of [again, read, confirm])
      expect(gone).toMatchObject({ status: 410, body: { error: 'gone', orderId: 'o-del', version: 3 } });
    expect(recreate).toMatchObject({
      status: 409,
      body: {
        error: 'conflict',
        currentVersion: 3,
        message:
          'order o-del was deleted at version 3 and an order id is never reused; choose another orderId or omit it',
      },
    });
  });

  it('DELETE /orders/{id}: 404 for an unknown order, 409 for a stale expected version, 400 for a bad body', async () => {
    await call('POST', '/orders', newOrder('o-del-stale'));
    expect(await call('DELETE', '/orders/o-nothing')).toMatchObject({
      status: 404,
      body: { error: 'not-found', orderId: 'o-nothing' },
    });
    expect(await call('DELETE', '/orders/o-del-stale', { expectedVersion: 7 })).toMatchObject({
      status: 409,
      body: { error: 'conflict', currentVersion: 1 },
    });
    expect((await call('DELETE', '/orders/o-del-stale', 'nope')).status).toBe(400);
    expect((await call('GET', '/orders/o-del-stale')).body).toMatchObject({ version: 1 });
  });

  it('answers 400 naming the field for what the legacy columns cannot hold (U+0000, 70 characters, 10^12 cents)', async () => {
    const refused = await call('POST', '/orders', {
      ...newOrder('o-limits'),
      customerId: 'c'.repeat(70),
      items: [
        { sku: 'A\u0000', quantity: 1, unitPriceCents: 1 },
        { sku: 'B', quantity: 1, unitPriceCents: 1_000_000_000_000 },
      ],
    });
    expect(refused.status).toBe(400);
    expect((refused.body['issues'] as { path: string }[]).map((i) => i.path)).toEqual([
      'customerId',
      'items[0].sku',
      'items[1].unitPriceCents',
    ]);
    expect((await call('GET', '/orders/o-limits')).status).toBe(404);
  });
});
