/**
 * Single-document writes and reads: index (`op_type` index|create), delete and get, with the
 * response bodies OpenSearch returns.
 * Source: https://docs.opensearch.org/latest/api-reference/document-apis/index-document/,
 * https://docs.opensearch.org/latest/api-reference/document-apis/delete-document/,
 * https://docs.opensearch.org/latest/api-reference/document-apis/get-documents/.
 */
import { randomBytes } from 'node:crypto';
import { illegalArgument, versionConflict, type Json } from './errors';
import type { IndexData } from './index-data';
import { nextVersion, type VersionParams } from './versioning';
import { checkDocument } from './mapping-check';

/** A write's outcome: HTTP status and the body (also a bulk item's body). */
export interface WriteResult {
  readonly status: number;
  readonly body: Json;
}

/** `_shards` of a write on a one-node cluster whose replica is unassigned. */
const SHARDS = { total: 2, successful: 1, failed: 0 };
const MAX_ID_BYTES = 512;

/** Checks an `_id` as OpenSearch does (not empty when given, at most 512 bytes) or makes one. */
export function documentId(id: string | undefined): string {
  if (id === undefined) return randomBytes(15).toString('base64url');
  if (id === '') throw illegalArgument('if _id is specified it must not be empty');
  if (Buffer.byteLength(id) > MAX_ID_BYTES) {
    throw illegalArgument(
      `id [${id}] is too long, must be no longer than ${MAX_ID_BYTES} bytes but was: ${Buffer.byteLength(id)}`,
    );
  }
  return id;
}

/** Index a document (`op_type` `index` replaces, `create` refuses an existing document with 409). */
export function indexDocument(
  index: IndexData,
  id: string,
  source: Json,
  params: VersionParams & { readonly opType: 'index' | 'create' },
): WriteResult {
  // OpenSearch parses the document against the mappings before it checks versions.
  checkDocument(index.mappings, id, source);
  const live = index.docs.get(id);
  if (params.opType === 'create' && live) {
    throw versionConflict(
      index.name,
      index.uuid,
      id,
      `document already exists (current version [${live.version}])`,
    );
  }
  const version = nextVersion(index, id, params);
  const seqNo = index.put(id, source, version);
  const result = live ? 'updated' : 'created';
  return {
    status: live ? 200 : 201,
    body: {
      _index: index.name,
      _id: id,
      _version: version,
      result,
      _shards: SHARDS,
      _seq_no: seqNo,
      _primary_term: 1,
    },
  };
}

/** Delete a document: `deleted` (200) or `not_found` (404); either way its version is kept as a tombstone. */
export function deleteDocument(index: IndexData, id: string, params: VersionParams): WriteResult {
  const live = index.docs.has(id);
  const version = nextVersion(index, id, params);
  const seqNo = index.remove(id, version);
  const result = live ? 'deleted' : 'not_found';
  return {
    status: live ? 200 : 404,
    body: {
      _index: index.name,
      _id: id,
      _version: version,
      result,
      _shards: SHARDS,
      _seq_no: seqNo,
      _primary_term: 1,
    },
  };
}

/** Get a document: `found: true` with `_source` (200) or `found: false` (404). */
export function getDocument(index: IndexData, id: string): WriteResult {
  const doc = index.docs.get(id);
  if (!doc) return { status: 404, body: { _index: index.name, _id: id, found: false } };
  return {
    status: 200,
    body: {
      _index: index.name,
      _id: id,
      _version: doc.version,
      _seq_no: doc.seqNo,
      _primary_term: 1,
      found: true,
      _source: doc.source,
    },
  };
}
