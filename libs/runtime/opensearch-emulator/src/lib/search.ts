/**
 * `_search` and `_count` over a set of sources (live indices, or a point-in-time snapshot):
 * alias filter ∧ query, sort, `search_after`, `from`/`size`, `track_total_hits`, `_source: false`.
 * Searches see every acknowledged write at once (as if each write were followed by a refresh).
 * Source: https://docs.opensearch.org/latest/api-reference/search/ and
 * https://docs.opensearch.org/latest/api-reference/count/.
 */
import { illegalArgument, OpenSearchError, type Json } from './errors';
import type { IndexData, StoredDoc } from './index-data';
import { compileQuery, type Candidate } from './query';
import { parseSort, sortHits, type Hit } from './sort';
import { filterSource } from './source-filter';

/** The documents of one index as a search sees them, with the alias filter if any. */
export interface SearchSource {
  readonly index: IndexData;
  readonly docs: ReadonlyMap<string, StoredDoc>;
  readonly filter?: Json;
}

const SHARDS = (n: number): Json => ({ total: n, successful: n, skipped: 0, failed: 0 });

/** Every document matching alias filter and query, with its score. */
function matchingHits(sources: SearchSource[], query: Json | undefined): Hit[] {
  const hits: Hit[] = [];
  for (const source of sources) {
    const candidates: Candidate[] = [...source.docs].map(([id, doc]) => ({ id, doc }));
    const filter = compileQuery(source.filter, candidates, source.index.mappings);
    const matcher = compileQuery(query, candidates, source.index.mappings);
    for (const candidate of candidates) {
      if (filter(candidate) === undefined) continue;
      const score = matcher(candidate);
      if (score === undefined) continue;
      hits.push({ ...candidate, index: source.index.name, score, mappings: source.index.mappings });
    }
  }
  return hits;
}

/** `track_total_hits`: `false` → off; `true`, `-1` → accurate (Infinity); n ≥ 0 → count up to n. */
function trackLimit(track: unknown, restTotalHitsAsInt: boolean): number | 'off' {
  if (track === false || track === 'false') return 'off';
  if (track === undefined) return restTotalHitsAsInt ? Infinity : 10_000;
  if (track === true || track === 'true') return Infinity;
  const n = Number(track);
  if (!Number.isInteger(n) || n < -1)
    throw illegalArgument(
      `[track_total_hits] parameter must be positive or equals to -1, got ${String(track)}`,
    );
  if (n !== -1 && restTotalHitsAsInt) {
    throw illegalArgument(
      `[rest_total_hits_as_int] cannot be used if the tracking of total hits is not accurate, got ${n}`,
    );
  }
  return n === -1 ? Infinity : n;
}

function totalOf(count: number, limit: number | 'off', restTotalHitsAsInt: boolean): unknown {
  if (limit === 'off') return restTotalHitsAsInt ? -1 : undefined;
  if (restTotalHitsAsInt) return count;
  return count > limit ? { value: limit, relation: 'gte' } : { value: count, relation: 'eq' };
}

const BODY_KEYS = new Set([
  'query',
  'size',
  'from',
  'sort',
  'search_after',
  'track_total_hits',
  '_source',
  'pit',
  'timeout',
  'track_scores',
  'version',
  'seq_no_primary_term',
]);

function checkBodyKeys(body: Json): void {
  for (const [key, value] of Object.entries(body)) {
    if (BODY_KEYS.has(key)) continue;
    const token =
      value !== null && typeof value === 'object'
        ? Array.isArray(value)
          ? 'START_ARRAY'
          : 'START_OBJECT'
        : 'VALUE';
    throw new OpenSearchError(400, 'parsing_exception', `Unknown key for a ${token} in [${key}].`);
  }
}

/** Options of a search that come from the query string. */
export interface SearchOptions {
  readonly pitId?: string;
  readonly restTotalHitsAsInt?: boolean;
}

const numberParam = (value: unknown, fallback: number, name: string): number => {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw illegalArgument(`[${name}] must be a non-negative integer, got [${String(value)}]`);
  return n;
};

function sourceOf(hit: Hit, spec: unknown): Json {
  const source = filterSource(hit.doc.source, spec);
  return source === undefined ? {} : { _source: source };
}

/** Runs a search request body; `pitId` is echoed as `pit_id` when searching a point in time. */
export function search(sources: SearchSource[], body: Json, options: SearchOptions = {}): Json {
  const started = Date.now();
  const { pitId, restTotalHitsAsInt = false } = options;
  checkBodyKeys(body);
  const limit = trackLimit(body['track_total_hits'], restTotalHitsAsInt);
  const all = matchingHits(sources, body['query'] as Json | undefined);
  const { keys, explicit } = parseSort(body['sort'], pitId !== undefined);
  const after = body['search_after'] as unknown[] | undefined;
  const sorted = sortHits(all, keys, after);
  const from = numberParam(body['from'], 0, 'from');
  const size = numberParam(body['size'], 10, 'size');
  const page = sorted.slice(from, from + size);
  const maxScore = explicit
    ? null
    : page.reduce((max, hit) => Math.max(max, hit.score), page.length ? -Infinity : 0);
  const hits: Json = {
    max_score: page.length === 0 && !explicit ? null : maxScore,
    hits: page.map((hit) => ({
      _index: hit.index,
      _id: hit.id,
      _score: explicit ? null : hit.score,
      ...(body['version'] === true ? { _version: hit.doc.version } : {}),
      ...(body['seq_no_primary_term'] === true ? { _seq_no: hit.doc.seqNo, _primary_term: 1 } : {}),
      ...sourceOf(hit, body['_source']),
      ...(explicit || pitId !== undefined ? { sort: hit.sort } : {}),
    })),
  };
  const total = totalOf(all.length, limit, restTotalHitsAsInt);
  return {
    ...(pitId !== undefined ? { pit_id: pitId } : {}),
    took: Date.now() - started,
    timed_out: false,
    _shards: SHARDS(new Set(sources.map((s) => s.index.name)).size),
    hits: total === undefined ? hits : { total, ...hits },
  };
}

/** Runs a `_count` request body. */
export function count(sources: SearchSource[], body: Json): Json {
  return {
    count: matchingHits(sources, body['query'] as Json | undefined).length,
    _shards: SHARDS(sources.length),
  };
}
