import { startOpenSearchEmulator, type OpenSearchEmulator } from '../index';
import { call, ndjson } from '../../test/http';

describe('OpenSearch emulator over HTTP', () => {
  let emulator: OpenSearchEmulator;
  const http = (method: string, path: string, body?: unknown) => call(emulator.url, method, path, body);

  beforeAll(async () => {
    emulator = await startOpenSearchEmulator();
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.stop());

  it('bulk-indexes with external versions and reports a conflict with the current version, as OpenSearch words it', async () => {
    const first = await http(
      'POST',
      '/orders/_bulk',
      ndjson(
        { index: { _id: 'o-1', version: 3, version_type: 'external' } },
        { id: 'o-1', status: 'PLACED' },
        { index: { _id: 'o-2', version: 1, version_type: 'external' } },
        { id: 'o-2', status: 'PLACED' },
      ),
    );
    expect(first.body['errors']).toBe(false);
    expect(first.body['items'][0].index).toMatchObject({
      _id: 'o-1',
      _version: 3,
      result: 'created',
      status: 201,
    });
    const second = await http(
      'POST',
      '/orders/_bulk',
      ndjson(
        { index: { _id: 'o-1', version: 3, version_type: 'external' } },
        { id: 'o-1', status: 'PLACED' },
        { index: { _id: 'o-1', version: 2, version_type: 'external' } },
        { id: 'o-1', status: 'OLD' },
        { index: { _id: 'o-2', version: 4, version_type: 'external' } },
        { id: 'o-2', status: 'SHIPPED' },
      ),
    );
    expect(second.body['errors']).toBe(true);
    expect(second.body['items'][0].index).toMatchObject({
      status: 409,
      error: {
        type: 'version_conflict_engine_exception',
        reason: '[o-1]: version conflict, current version [3] is higher or equal to the one provided [3]',
      },
    });
    expect(second.body['items'][1].index.error.reason).toBe(
      '[o-1]: version conflict, current version [3] is higher or equal to the one provided [2]',
    );
    expect(second.body['items'][2].index).toMatchObject({ _version: 4, result: 'updated', status: 200 });
    expect((await http('GET', '/orders/_doc/o-2')).body).toMatchObject({
      found: true,
      _version: 4,
      _source: { status: 'SHIPPED' },
    });
  });

  it('bulk update merges a partial document (internal versions only) and refuses an external version', async () => {
    const answer = await http(
      'POST',
      '/orders/_bulk',
      ndjson(
        { index: { _id: 'u' } },
        { a: 1, nested: { b: 1 } },
        { update: { _id: 'u' } },
        { doc: { nested: { c: 2 } } },
        { update: { _id: 'u', version: 9, version_type: 'external' } },
        { doc: { a: 2 } },
        { update: { _id: 'missing' } },
        { doc: { a: 2 } },
      ),
    );
    expect(answer.body['items'][1].update).toMatchObject({ result: 'updated', _version: 2, status: 200 });
    expect(answer.body['items'][2].update).toMatchObject({
      status: 400,
      error: {
        type: 'action_request_validation_exception',
        reason: 'Validation Failed: 1: version type [EXTERNAL] is not supported by the update API;',
      },
    });
    expect(answer.body['items'][3].update).toMatchObject({
      status: 404,
      error: { type: 'document_missing_exception' },
    });
    expect((await http('GET', '/orders/_doc/u')).body['_source']).toEqual({ a: 1, nested: { b: 1, c: 2 } });
  });

  it('answers 400 "not supported by the local emulator" for any other call', async () => {
    const answer = await http('POST', '/orders/_update_by_query', {});
    expect(answer).toEqual({
      status: 400,
      body: {
        error: expect.objectContaining({
          type: 'illegal_argument_exception',
          reason: 'POST /orders/_update_by_query is not supported by the local emulator',
        }),
        status: 400,
      },
    });
  });

  it('applies an index template (settings, mappings, aliases) and reads through a filtered alias', async () => {
    await http('PUT', '/_index_template/orders', {
      index_patterns: ['orders-*'],
      template: {
        mappings: {
          properties: { status: { type: 'keyword' }, text: { type: 'text' }, updatedAt: { type: 'date' } },
        },
        aliases: {
          'orders-write': { is_write_index: true },
          'orders-read': { filter: { bool: { must_not: { term: { status: 'DELETED' } } } } },
        },
      },
    });
    await http('PUT', '/orders-v1', {});
    await http(
      'POST',
      '/orders-write/_bulk',
      ndjson(
        { index: { _id: 'a' } },
        { status: 'PLACED', text: 'red book', updatedAt: '2026-01-01T00:00:00Z' },
        { index: { _id: 'b' } },
        { status: 'DELETED', text: 'red pen', updatedAt: '2026-01-02T00:00:00Z' },
        { index: { _id: 'c' } },
        { status: 'SHIPPED', text: 'blue book', updatedAt: '2026-01-03T00:00:00Z' },
      ),
    );
    const all = await http('POST', '/orders-read/_search', {
      query: { match: { text: 'book' } },
      sort: [{ updatedAt: 'desc' }],
      track_total_hits: true,
    });
    expect(all.body['hits'].total).toEqual({ value: 2, relation: 'eq' });
    expect(all.body['hits'].hits.map((h: { _id: string }) => h._id)).toEqual(['c', 'a']);
    expect(all.body['hits'].hits[0].sort).toEqual([Date.parse('2026-01-03T00:00:00Z')]);
    const after = await http('POST', '/orders-read/_search', {
      sort: [{ updatedAt: 'desc' }],
      search_after: all.body['hits'].hits[0].sort,
      size: 1,
    });
    expect(after.body['hits'].hits.map((h: { _id: string }) => h._id)).toEqual(['a']);
    expect((await http('GET', '/orders-read/_count')).body['count']).toBe(2);
    expect((await http('GET', '/orders-v1/_count')).body['count']).toBe(3);
  });
});
