/**
 * `_mget`: several documents in one request, by `docs: [{ _index, _id }]` or (with an index in the
 * path) `ids: [...]`; each entry answers like a get (`found`, `_version`, `_source`), or carries an
 * `error` (e.g. `index_not_found_exception`) of its own.
 * Source: https://docs.opensearch.org/latest/api-reference/document-apis/multi-get/.
 */
import type { Cluster } from './cluster';
import { getDocument } from './documents';
import { OpenSearchError, validationFailed, type Json } from './errors';

/** Runs a multi-get body; `defaultIndex` is the index in the path, if any. */
export function multiGet(cluster: Cluster, body: Json, defaultIndex: string | undefined): Json {
  const ids: Json[] | undefined = Array.isArray(body['ids'])
    ? (body['ids'] as unknown[]).map((id) => ({ _id: id }))
    : undefined;
  const requested = (ids ?? (Array.isArray(body['docs']) ? (body['docs'] as Json[]) : [])).map((doc) => ({
    index: (doc['_index'] as string | undefined) ?? defaultIndex,
    id: String(doc['_id']),
  }));
  if (requested.length === 0) throw validationFailed('no documents to get');
  const docs = requested.map(({ index, id }) => {
    if (index === undefined)
      return { _index: null, _id: id, error: validationFailed('index is missing').errorObject() };
    try {
      return getDocument(cluster.writeIndexIfExists(index), id).body;
    } catch (error) {
      if (!(error instanceof OpenSearchError)) throw error;
      return { _index: index, _id: id, error: error.errorObject() };
    }
  });
  return { docs };
}
