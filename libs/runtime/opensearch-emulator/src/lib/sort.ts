/**
 * Sorting and `search_after` as OpenSearch applies them: `sort` as `[{ field: 'desc' }]`,
 * `[{ field: { order } }]`, `['field']` or `_score`; date fields sort (and report `sort` values) as
 * epoch milliseconds; a document missing the field sorts last; `search_after` keeps the hits
 * after the given sort values. With a point in time, `_shard_doc` (the document's sequence number
 * here) is the implicit last tiebreaker.
 * Source: https://docs.opensearch.org/latest/search-plugins/searching-data/sort/ and
 * https://docs.opensearch.org/latest/search-plugins/searching-data/paginate/ (search_after, PIT).
 */
import { illegalArgument, OpenSearchError, type Json } from './errors';
import { comparable, compare, fieldValues, mappedType } from './fields';
import type { StoredDoc } from './index-data';

/** One matched document before sorting. */
export interface Hit {
  readonly index: string;
  readonly id: string;
  readonly doc: StoredDoc;
  readonly score: number;
  readonly mappings: Json;
  sort?: Array<number | string | null>;
}

/** One sort key. */
export interface SortKey {
  readonly field: string;
  readonly order: 'asc' | 'desc';
}

/** Parses `sort`; the default is `_score` descending. */
export function parseSort(sort: unknown, pit: boolean): { keys: SortKey[]; explicit: boolean } {
  const keys: SortKey[] = [];
  for (const entry of sort === undefined ? [] : ([] as unknown[]).concat(sort)) {
    if (typeof entry === 'string') keys.push({ field: entry, order: entry === '_score' ? 'desc' : 'asc' });
    else
      for (const [field, spec] of Object.entries(entry as Json))
        keys.push({ field, order: orderOf(field, spec) });
  }
  if (!pit && keys.some((key) => key.field === '_shard_doc')) {
    throw new OpenSearchError(
      400,
      'action_request_validation_exception',
      'Validation Failed: 1: _shard_doc is only supported with point-in-time;',
    );
  }
  const explicit = keys.length > 0;
  if (!explicit) keys.push({ field: '_score', order: 'desc' });
  if (pit && !keys.some((key) => key.field === '_shard_doc'))
    keys.push({ field: '_shard_doc', order: 'asc' });
  return { keys, explicit };
}

function orderOf(field: string, spec: unknown): 'asc' | 'desc' {
  const order = typeof spec === 'string' ? spec : (spec as Json | undefined)?.['order'];
  if (order === undefined) return field === '_score' ? 'desc' : 'asc';
  if (order !== 'asc' && order !== 'desc')
    throw illegalArgument(`[sort] order must be asc or desc, got [${String(order)}]`);
  return order;
}

function sortValue(hit: Hit, key: SortKey): number | string | null {
  if (key.field === '_score') return hit.score;
  if (key.field === '_shard_doc' || key.field === '_doc') return hit.doc.seqNo;
  if (key.field === '_id') return hit.id;
  const type = mappedType(hit.mappings, key.field);
  const values = fieldValues(hit.doc.source, key.field)
    .filter((v) => v !== null)
    .map((v) => comparable(v, type));
  if (values.length === 0) return null;
  return values.sort(compare)[key.order === 'asc' ? 0 : values.length - 1] as number | string;
}

function compareTuples(a: Array<number | string | null>, b: Array<unknown>, keys: SortKey[]): number {
  for (let i = 0; i < keys.length; i += 1) {
    const x = a[i] ?? null;
    const y = (b[i] ?? null) as number | string | null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const order = compare(
      x,
      typeof x === 'number' && typeof y === 'string' && y.trim() !== '' ? Number(y) : y,
    );
    if (order !== 0) return keys[i]?.order === 'desc' ? -order : order;
  }
  return 0;
}

/** Sorts hits in place (filling `hit.sort`) and drops those not after `searchAfter`. */
export function sortHits(hits: Hit[], keys: SortKey[], searchAfter: unknown[] | undefined): Hit[] {
  for (const hit of hits) hit.sort = keys.map((key) => sortValue(hit, key));
  hits.sort(
    (a, b) =>
      compareTuples(a.sort ?? [], b.sort ?? [], keys) ||
      compare(a.index, b.index) ||
      a.doc.seqNo - b.doc.seqNo,
  );
  if (!searchAfter) return hits;
  if (searchAfter.length !== keys.length) {
    throw illegalArgument(`search_after has ${searchAfter.length} value(s) but sort has ${keys.length}`);
  }
  return hits.filter((hit) => compareTuples(hit.sort ?? [], searchAfter, keys) > 0);
}
