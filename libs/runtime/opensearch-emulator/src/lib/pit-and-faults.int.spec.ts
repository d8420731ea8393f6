import { startOpenSearchEmulator, type OpenSearchEmulator } from '../index';
import { call, ndjson, type HttpAnswer } from '../../test/http';

describe('point in time + search_after, and faults on demand', () => {
  let emulator: OpenSearchEmulator;
  const http = (method: string, path: string, body?: unknown) => call(emulator.url, method, path, body);
  const ids = (answer: HttpAnswer) => answer.body['hits'].hits.map((hit: { _id: string }) => hit._id);

  beforeAll(async () => {
    emulator = await startOpenSearchEmulator();
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.stop());

  it('pages a frozen view of a filtered alias with search_after; later writes are not seen; a deleted PIT is gone', async () => {
    await http('PUT', '/orders-v1', {
      mappings: { properties: { status: { type: 'keyword' } } },
      aliases: { 'orders-read': { filter: { bool: { must_not: [{ term: { status: 'TOMBSTONE' } }] } } } },
    });
    const docs = ['a', 'b', 'c', 'd', 'e'].flatMap((id) => [
      { index: { _id: id } },
      { status: id === 'c' ? 'TOMBSTONE' : 'PLACED' },
    ]);
    await http('POST', '/orders-v1/_bulk', ndjson(...docs));
    const pit = await http('POST', '/orders-read/_search/point_in_time?keep_alive=1m');
    expect(pit.status).toBe(200);
    const pitId = pit.body['pit_id'] as string;
    await http('PUT', '/orders-v1/_doc/f', { status: 'PLACED' });

    const seen: string[] = [];
    let after: unknown[] | undefined;
    for (;;) {
      const page = await http('POST', '/_search', {
        size: 2,
        pit: { id: pitId, keep_alive: '1m' },
        sort: [{ status: 'asc' }],
        ...(after ? { search_after: after } : {}),
      });
      expect(page.body['pit_id']).toBe(pitId);
      const hits = page.body['hits'].hits as Array<{ _id: string; sort: unknown[] }>;
      if (hits.length === 0) break;
      seen.push(...hits.map((hit) => hit._id));
      after = hits[hits.length - 1]?.sort;
      expect(after).toHaveLength(2);
    }
    expect(seen.sort()).toEqual(['a', 'b', 'd', 'e']);
    const versioned = await http('POST', '/orders-read/_search', {
      size: 1,
      version: true,
      seq_no_primary_term: true,
    });
    expect(versioned.body['hits'].hits[0]).toMatchObject({ _version: 1, _primary_term: 1 });
    const noPit = await http('POST', '/orders-read/_search', { sort: ['_shard_doc'] });
    expect(noPit).toMatchObject({
      status: 400,
      body: { error: { type: 'action_request_validation_exception' } },
    });
    expect(ids(await http('POST', '/orders-read/_search', { size: 10 })).sort()).toEqual([
      'a',
      'b',
      'd',
      'e',
      'f',
    ]);

    expect((await http('DELETE', '/_search/point_in_time', { pit_id: [pitId] })).body).toEqual({
      pits: [{ successful: true, pit_id: pitId }],
    });
    const gone = await http('POST', '/_search', { pit: { id: pitId } });
    expect(gone.status).toBe(404);
    expect(gone.body['error'].type).toBe('search_context_missing_exception');
  });

  it('answers 429 / 503 for the next requests, and rejects the next bulk items with 429 in their item result', async () => {
    emulator.faults.tooManyRequests(2);
    emulator.faults.unavailable(1);
    expect((await http('GET', '/_count')).status).toBe(429);
    const second = await http('GET', '/_count');
    expect(second).toMatchObject({
      status: 429,
      body: { error: { type: 'rejected_execution_exception' }, status: 429 },
    });
    expect((await http('GET', '/_count')).status).toBe(503);
    expect((await http('GET', '/_count')).status).toBe(200);

    emulator.faults.rejectBulkItems(1);
    const mixed = await http(
      'POST',
      '/orders/_bulk',
      ndjson(
        { index: { _id: 'x', version: 1, version_type: 'external' } },
        { a: 1 },
        { index: { _id: 'y', version: 1, version_type: 'external' } },
        { a: 2 },
      ),
    );
    expect(mixed.body['errors']).toBe(true);
    expect(mixed.body['items'][0].index).toMatchObject({
      _id: 'x',
      status: 429,
      error: { type: 'rejected_execution_exception' },
    });
    expect(mixed.body['items'][1].index).toMatchObject({ _id: 'y', status: 201, result: 'created' });
    expect((await http('GET', '/orders/_doc/x')).body['found']).toBe(false);
  });

  it('answers 503 (or 429) to every request for a while, then serves again', async () => {
    emulator.faults.answerFor(503, 150);
    expect((await http('GET', '/_count')).status).toBe(503);
    expect((await http('GET', '/_count')).body).toMatchObject({
      error: { type: 'unavailable_shards_exception' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await http('GET', '/_count')).status).toBe(200);
    emulator.faults.answerFor(429, 10_000);
    expect((await http('GET', '/_count')).status).toBe(429);
    emulator.faults.reset();
    expect((await http('GET', '/_count')).status).toBe(200);
  });
});
