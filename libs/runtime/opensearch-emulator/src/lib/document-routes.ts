/**
 * Routes of the document and search APIs: single-document index/create/get/delete, `_bulk`,
 * `_search` (also over a point in time), `_count`, `_refresh` and the point-in-time API.
 * Sources: see documents.ts, bulk.ts, search.ts and pit.ts.
 */
import { bulk } from './bulk';
import type { Cluster } from './cluster';
import { deleteDocument, documentId, getDocument, indexDocument } from './documents';
import { illegalArgument, type Json } from './errors';
import { multiGet } from './mget';
import type { Faults } from './faults';
import type { PointsInTime } from './pit';
import type { RouteRequest, RouteResponse, Router } from './router';
import { count, search, type SearchSource } from './search';
import { parseVersion, parseVersionType } from './versioning';

/** What the document routes act on. */
export interface EmulatorState {
  readonly cluster: Cluster;
  readonly faults: Faults;
  readonly pits: PointsInTime;
}

const versionParams = (req: RouteRequest) => ({
  version: parseVersion(req.query.get('version') ?? undefined),
  versionType: parseVersionType(req.query.get('version_type') ?? undefined),
});

/** `refresh=true` (or empty) answers `forced_refresh: true`, as OpenSearch does; writes are visible at once anyway. */
function withForcedRefresh(req: RouteRequest, result: RouteResponse & { body: Json }): RouteResponse {
  const refresh = req.query.get('refresh');
  return refresh === 'true' || refresh === ''
    ? { status: result.status, body: { ...result.body, forced_refresh: true } }
    : result;
}

function indexHandler(state: EmulatorState, opType?: 'create') {
  return (req: RouteRequest): RouteResponse => {
    const index = state.cluster.writeIndex(
      req.params['index'] as string,
      req.query.get('require_alias') === 'true',
    );
    const op = opType ?? (req.query.get('op_type') === 'create' ? 'create' : 'index');
    const id = documentId(req.params['id']);
    const result = indexDocument(index, id, req.json(), { ...versionParams(req), opType: op });
    return withForcedRefresh(req, result);
  };
}

function sources(state: EmulatorState, expression: string | undefined): SearchSource[] {
  return state.cluster.readTargets(expression).map((target) => ({ ...target, docs: target.index.docs }));
}

function searchHandler(state: EmulatorState) {
  return (req: RouteRequest): RouteResponse => {
    const body = { ...req.json() };
    for (const key of ['size', 'from', 'track_total_hits'] as const) {
      const value = req.query.get(key);
      if (value !== null) body[key] = value;
    }
    const restTotalHitsAsInt = req.query.get('rest_total_hits_as_int') === 'true';
    const pit = body['pit'] as Json | undefined;
    if (pit) {
      if (req.params['index'])
        throw illegalArgument(
          '[indices] cannot be used with point in time. Do not specify any index with point in time.',
        );
      const id = String(pit['id']);
      return {
        status: 200,
        body: search(state.pits.sources(id, pit['keep_alive']), body, { pitId: id, restTotalHitsAsInt }),
      };
    }
    return { status: 200, body: search(sources(state, req.params['index']), body, { restTotalHitsAsInt }) };
  };
}

/** Registers the document, bulk, search, count, refresh and PIT routes. */
export function documentRoutes(router: Router, state: EmulatorState): void {
  const { cluster } = state;
  router
    .add('PUT|POST /{index}/_doc/{id}', indexHandler(state))
    .add('POST /{index}/_doc', indexHandler(state))
    .add('PUT|POST /{index}/_create/{id}', indexHandler(state, 'create'))
    .add('GET /{index}/_doc/{id}', (req) =>
      getDocument(cluster.writeIndexIfExists(req.params['index'] as string), req.params['id'] as string),
    )
    .add('HEAD /{index}/_doc/{id}', (req) => {
      const index = cluster.writeIndexIfExists(req.params['index'] as string);
      return { status: index.docs.has(req.params['id'] as string) ? 200 : 404 };
    })
    .add('DELETE /{index}/_doc/{id}', (req) => {
      const index = cluster.writeIndexIfExists(req.params['index'] as string);
      return withForcedRefresh(req, deleteDocument(index, documentId(req.params['id']), versionParams(req)));
    });
  const bulkHandler = (req: RouteRequest): RouteResponse => {
    const params = {
      requireAlias: req.query.get('require_alias') === 'true',
      ...(req.params['index'] ? { index: req.params['index'] } : {}),
    };
    return { status: 200, body: bulk(cluster, req.rawBody, params, state.faults) };
  };
  const mget = (req: RouteRequest): RouteResponse => ({
    status: 200,
    body: multiGet(cluster, req.json(), req.params['index']),
  });
  router.add('GET|POST /_mget', mget).add('GET|POST /{index}/_mget', mget);
  router.add('POST|PUT /_bulk', bulkHandler).add('POST|PUT /{index}/_bulk', bulkHandler);
  router
    .add('GET|POST /_search', searchHandler(state))
    .add('GET|POST /{index}/_search', searchHandler(state));
  const countHandler = (req: RouteRequest): RouteResponse => ({
    status: 200,
    body: count(sources(state, req.params['index']), req.json()),
  });
  router.add('GET|POST /_count', countHandler).add('GET|POST /{index}/_count', countHandler);
  const refresh = (req: RouteRequest): RouteResponse => {
    const n = sources(state, req.params['index']).length;
    return { status: 200, body: { _shards: { total: n * 2, successful: n, failed: 0 } } };
  };
  router.add('GET|POST /_refresh', refresh).add('GET|POST /{index}/_refresh', refresh);
  router.add('POST /{index}/_search/point_in_time', (req) => ({
    status: 200,
    body: state.pits.create(sources(state, req.params['index']), req.query.get('keep_alive')),
  }));
  router.add('DELETE /_search/point_in_time/_all', () => ({ status: 200, body: state.pits.delete('all') }));
  router.add('DELETE /_search/point_in_time', (req) => ({
    status: 200,
    body: state.pits.delete(([] as unknown[]).concat(req.json()['pit_id'] ?? []).map(String)),
  }));
}
