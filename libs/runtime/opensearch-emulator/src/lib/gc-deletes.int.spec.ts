import { startOpenSearchEmulator, type OpenSearchEmulator } from '../index';
import { call } from '../../test/http';

// OpenSearch keeps a deleted document's version only for `index.gc_deletes` (60 s by default).
// After that, an index with an older external version no longer conflicts: the document comes
// back. The emulator must reproduce this, because the search adapter's tombstones exist to prevent it.
describe('index.gc_deletes: a deleted document version is forgotten after gc_deletes', () => {
  let emulator: OpenSearchEmulator;
  let now = Date.parse('2026-11-29T12:00:00Z');
  const http = (method: string, path: string, body?: unknown) => call(emulator.url, method, path, body);
  const upsert = (id: string, version: number, body: unknown) =>
    http('PUT', `/orders/_doc/${id}?version=${version}&version_type=external`, body);

  beforeAll(async () => {
    emulator = await startOpenSearchEmulator({ now: () => now });
  });
  afterEach(() => emulator.reset());
  afterAll(() => emulator.stop());

  it('a plain delete followed by a late, older external-version upsert resurrects the document once gc_deletes has passed', async () => {
    await http('PUT', '/orders', { settings: { index: { gc_deletes: '2s' } } });
    expect((await upsert('o-1', 5, { status: 'SHIPPED' })).status).toBe(201);
    const deleted = await http('DELETE', '/orders/_doc/o-1');
    expect(deleted.body).toMatchObject({ result: 'deleted', _version: 6 });

    now += 1_999;
    const tooEarly = await upsert('o-1', 3, { status: 'PLACED' });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body['error'].reason).toBe(
      '[o-1]: version conflict, current version [6] is higher or equal to the one provided [3]',
    );
    expect((await http('GET', '/orders/_doc/o-1')).body['found']).toBe(false);

    now += 1;
    const late = await upsert('o-1', 3, { status: 'PLACED' });
    expect(late).toMatchObject({ status: 201, body: { result: 'created', _version: 3 } });
    expect((await http('GET', '/orders/_doc/o-1')).body).toMatchObject({
      found: true,
      _version: 3,
      _source: { status: 'PLACED' },
    });
    expect((await http('POST', '/orders/_count', { query: { term: { _id: 'o-1' } } })).body['count']).toBe(1);
    expect(
      (await http('POST', '/orders/_count', { query: { ids: { values: ['o-1'] } } })).body['count'],
    ).toBe(1);
  });

  it('the same happens in a bulk request, and the emulator option sets the default gc_deletes', async () => {
    const short = await startOpenSearchEmulator({ gcDeletes: '50ms' });
    try {
      const bulk = (lines: unknown[]) =>
        call(short.url, 'POST', '/orders/_bulk', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      await bulk([{ index: { _id: 'o-2', version: 4, version_type: 'external' } }, { status: 'CONFIRMED' }]);
      await bulk([{ delete: { _id: 'o-2' } }]);
      const refused = await bulk([
        { index: { _id: 'o-2', version: 2, version_type: 'external' } },
        { status: 'PLACED' },
      ]);
      expect(refused.body['items'][0].index).toMatchObject({
        status: 409,
        error: { type: 'version_conflict_engine_exception' },
      });
      await new Promise((resolve) => setTimeout(resolve, 80));
      const resurrected = await bulk([
        { index: { _id: 'o-2', version: 2, version_type: 'external' } },
        { status: 'PLACED' },
      ]);
      expect(resurrected.body['items'][0].index).toMatchObject({
        status: 201,
        result: 'created',
        _version: 2,
      });
    } finally {
      await short.stop();
    }
  });

  it('a tombstone document indexed at the deleting version is never forgotten: the older upsert stays refused', async () => {
    await http('PUT', '/orders', { settings: { 'index.gc_deletes': '1s' } });
    await upsert('o-3', 5, { status: 'SHIPPED' });
    await upsert('o-3', 6, { deleted: true });
    now += 3_600_000;
    const late = await upsert('o-3', 3, { status: 'PLACED' });
    expect(late.status).toBe(409);
    expect(late.body['error'].reason).toBe(
      '[o-3]: version conflict, current version [6] is higher or equal to the one provided [3]',
    );
  });

  it('refuses a malformed gc_deletes, naming the setting', async () => {
    const answer = await http('PUT', '/orders', { settings: { index: { gc_deletes: 'soon' } } });
    expect(answer.status).toBe(400);
    expect(answer.body['error'].reason).toContain('[index.gc_deletes]');
    await expect(startOpenSearchEmulator({ gcDeletes: '5 minutes' })).rejects.toThrow('[gcDeletes]');
  });
});
