/**
 * `_bulk`: NDJSON action/metadata lines (`index`, `create`, `delete`, `update` with `doc`,
 * `doc_as_upsert` or `upsert`), each executed on its own with a per-item result or error; the
 * response has `errors: true` when any item failed.
 * Source: https://docs.opensearch.org/latest/api-reference/document-apis/bulk/.
 */
import { illegalArgument, OpenSearchError, validationFailed, type Json } from './errors';
import type { Cluster } from './cluster';
import { deleteDocument, documentId, indexDocument, type WriteResult } from './documents';
import { nextVersion, parseVersion, parseVersionType } from './versioning';
import type { Faults } from './faults';

const ACTIONS = new Set(['index', 'create', 'delete', 'update']);

interface BulkAction {
  readonly action: string;
  readonly meta: Json;
  readonly source?: Json;
}

function parseLine(line: string, lineNo: number): Json {
  try {
    return JSON.parse(line) as Json;
  } catch {
    throw illegalArgument(`Malformed content at line [${lineNo}]: not a JSON object`);
  }
}

/** Splits an NDJSON bulk body into actions; throws 400 on a malformed action line. */
function parseBulk(body: string): BulkAction[] {
  const lines = body.split('\n');
  const actions: BulkAction[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const entries = Object.entries(parseLine(line, i + 1));
    if (entries.length === 0) {
      throw illegalArgument(
        `Malformed action/metadata line [${i + 1}], expected FIELD_NAME but found [END_OBJECT]`,
      );
    }
    const [action, meta] = entries[0] as [string, Json];
    if (!ACTIONS.has(action))
      throw illegalArgument(
        `Malformed action/metadata line [${i + 1}], expected field [create], [delete], [index] or [update] but found [${action}]`,
      );
    if (action === 'delete') {
      actions.push({ action, meta: meta ?? {} });
      continue;
    }
    i += 1;
    const source = lines[i]?.trim();
    if (!source) throw validationFailed(`source is missing for [${action}] at line [${i}]`);
    actions.push({ action, meta: meta ?? {}, source: parseLine(source, i + 1) });
  }
  return actions;
}

function deepMerge(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    const bothObjects = [current, value].every(
      (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    );
    out[key] = bothObjects ? deepMerge(current as Json, value as Json) : value;
  }
  return out;
}

function update(cluster: Cluster, indexName: string, id: string, body: Json): WriteResult {
  const index = cluster.writeIndex(indexName);
  const live = index.docs.get(id);
  const upsert =
    (body['upsert'] as Json | undefined) ??
    (body['doc_as_upsert'] === true ? (body['doc'] as Json) : undefined);
  if (!live && !upsert) {
    throw new OpenSearchError(404, 'document_missing_exception', `[${id}]: document missing`, {
      index: index.name,
      shard: '0',
      index_uuid: index.uuid,
    });
  }
  const source = live ? deepMerge(live.source, (body['doc'] as Json | undefined) ?? {}) : (upsert as Json);
  if (live && JSON.stringify(source) === JSON.stringify(live.source)) {
    const noop = {
      _index: index.name,
      _id: id,
      _version: live.version,
      result: 'noop',
      _shards: { total: 0, successful: 0, failed: 0 },
      _seq_no: live.seqNo,
      _primary_term: 1,
    };
    return { status: 200, body: noop };
  }
  const version = nextVersion(index, id, { versionType: 'internal' });
  const seqNo = index.put(id, source, version);
  const shards = { total: 2, successful: 1, failed: 0 };
  const result = live ? 'updated' : 'created';
  return {
    status: live ? 200 : 201,
    body: {
      _index: index.name,
      _id: id,
      _version: version,
      result,
      _shards: shards,
      _seq_no: seqNo,
      _primary_term: 1,
    },
  };
}

function runItem(
  cluster: Cluster,
  item: BulkAction,
  defaults: { index?: string; requireAlias: boolean },
): WriteResult {
  const indexName = (item.meta['_index'] as string | undefined) ?? defaults.index;
  if (!indexName) throw validationFailed('index is missing');
  const requireAlias =
    item.meta['require_alias'] === undefined ? defaults.requireAlias : item.meta['require_alias'] === true;
  const versionType = parseVersionType(item.meta['version_type']);
  const version = parseVersion(item.meta['version']);
  const rawId = item.meta['_id'] === undefined ? undefined : String(item.meta['_id']);
  if (item.action === 'update') {
    // OpenSearch UpdateRequest#validate: external versioning does not apply to updates.
    if (versionType !== 'internal') {
      throw validationFailed(
        `version type [${versionType.toUpperCase()}] is not supported by the update API`,
      );
    }
    if (version !== undefined) throw validationFailed("can't provide version in update requests");
    if (rawId === undefined) throw validationFailed('id is missing');
    return update(cluster, indexName, documentId(rawId), item.source ?? {});
  }
  if (item.action === 'delete') {
    if (rawId === undefined) throw validationFailed('id is missing');
    return deleteDocument(cluster.writeIndex(indexName, requireAlias), documentId(rawId), {
      version,
      versionType,
    });
  }
  const id = documentId(rawId);
  const opType = item.action === 'create' || item.meta['op_type'] === 'create' ? 'create' : 'index';
  return indexDocument(cluster.writeIndex(indexName, requireAlias), id, item.source ?? {}, {
    version,
    versionType,
    opType,
  });
}

/** Executes a bulk body; `faults` may reject items with 429. */
export function bulk(
  cluster: Cluster,
  body: string,
  params: { index?: string; requireAlias: boolean },
  faults: Faults,
): Json {
  const started = Date.now();
  const items = parseBulk(body).map((item) => {
    const action = item.action === 'index' && item.meta['op_type'] === 'create' ? 'create' : item.action;
    const base = {
      _index: (item.meta['_index'] as string | undefined) ?? params.index,
      _id: item.meta['_id'] ?? null,
    };
    try {
      faults.takeBulkItemRejection();
      const { status, body: result } = runItem(cluster, item, params);
      return { [action]: { ...result, status } };
    } catch (error) {
      if (!(error instanceof OpenSearchError)) throw error;
      const index = (error.extra['index'] as string | undefined) ?? base._index;
      return { [action]: { ...base, _index: index, status: error.status, error: error.errorObject() } };
    }
  });
  const errors = items.some((item) => Object.values(item).some((r) => 'error' in r));
  return { took: Date.now() - started, errors, items };
}
