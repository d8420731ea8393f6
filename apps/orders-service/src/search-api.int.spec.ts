import { Client } from '@opensearch-project/opensearch';
import { startOpenSearchEmulator, type OpenSearchEmulator } from '@outflow/opensearch-emulator';
import { OpenSearchProjection } from '@outflow/opensearch-projection';
import { ordersSearchMapping } from '@outflow/orders';
import { makeEvent, searchableOrder } from '@outflow/testing';
import { serveHttpApi, type ServedHttpApi } from '@outflow/runtime-local';
import { routes } from './routes';

/**
 * GET /orders/search over real HTTP on localhost: the very Lambda handler, served by serveHttpApi,
 * reading the local OpenSearch emulator that an OpenSearchProjection wrote.
 */
describe('HTTP API: GET /orders/search on localhost', () => {
  let api: ServedHttpApi;
  let emulator: OpenSearchEmulator;
  const get = async (query: string) => {
    const response = await fetch(`${api.url}/orders/search?${query}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    // Prepare: three orders of one customer in search (one deleted), the API configured for the emulator.
    emulator = await startOpenSearchEmulator();
    const client = new Client({ node: emulator.url });
    const store = new OpenSearchProjection({ client, indexPrefix: 'api', mappings: [ordersSearchMapping] });
    await store.apply([
      makeEvent('order', 'o-old', 2, { state: searchableOrder('o-old', 'c-9', 'confirmed', 1) }),
      makeEvent('order', 'o-new', 1, { state: searchableOrder('o-new', 'c-9', 'created', 2, 'BLUE-MUG') }),
      makeEvent('order', 'o-gone', 3, { deleted: true }),
    ]);
    await client.indices.refresh({ index: 'api-orders' });
    Object.assign(process.env, {
      OPENSEARCH_ENDPOINT: emulator.url,
      OPENSEARCH_INDEX_PREFIX: 'api',
      OPENSEARCH_SIGNING: 'off',
    });
    api = await serveHttpApi({ routes, port: 0 });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await emulator?.stop();
  });

  it('answers orders newest first, filtered, with a cursor for the next page', async () => {
    const all = await get('customerId=c-9');
    const first = await get('customerId=c-9&limit=1');
    const next = await get(`customerId=c-9&limit=1&cursor=${String(first.body['nextCursor'])}`);
    expect(all).toEqual({
      status: 200,
      body: { items: [expect.objectContaining({ id: 'o-new' }), expect.objectContaining({ id: 'o-old' })] },
    });
    expect(first.body['items']).toEqual([expect.objectContaining({ id: 'o-new', status: 'created' })]);
    expect(next.body).toEqual({ items: [expect.objectContaining({ id: 'o-old', version: 2 })] });
    expect((await get('status=confirmed')).body['items']).toEqual([expect.objectContaining({ id: 'o-old' })]);
    expect((await get('q=blue-mug')).body['items']).toEqual([expect.objectContaining({ id: 'o-new' })]);
  });

  it('answers 400 naming each bad parameter, in the API error shape', async () => {
    const bad = await get('status=lost&limit=500&cursor=nope&sort=asc');
    expect(bad).toEqual({
      status: 400,
      body: {
        error: 'validation',
        issues: [
          { path: 'sort', message: expect.stringContaining('unknown parameter') },
          { path: 'status', message: 'expected one of created, confirmed, shipped, cancelled' },
          { path: 'limit', message: 'expected an integer from 1 to 100' },
          { path: 'cursor', message: 'expected the nextCursor of a previous page' },
        ],
      },
    });
  });
});
