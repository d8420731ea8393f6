import { projectionHash, type ProjectionEntry, type ProjectionPage } from '@outflow/core-application';
import { ValidationError } from '@outflow/core-domain';
import { requestFailure } from './bulk-writer';
import { OpenSearchUnavailableError } from './errors';
import type { IndexNames, OpenSearchClient } from './options';

/** How long a point in time lives between two pages. */
const KEEP_ALIVE = '5m';

interface Cursor {
  readonly pit: string;
  /** The last hit's sort values (its `aggregateId`, and the tiebreaker a point in time adds). */
  readonly after: readonly unknown[];
}

interface Hit {
  readonly _id: string;
  readonly _version?: number;
  readonly _source: Record<string, unknown>;
  readonly sort?: readonly unknown[];
}

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

function decode(text: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof cursor.pit === 'string' && Array.isArray(cursor.after)) return cursor;
  } catch {
    // fall through
  }
  throw new ValidationError('projection list query', [
    { path: 'cursor', message: 'expected the nextCursor of a previous page' },
  ]);
}

/** What a document keeps of the aggregate: `_source` without the adapter's fields. */
export function keptOf(source: Record<string, unknown>): Record<string, unknown> {
  const { aggregateId: _id, version: _version, deleted: _deleted, ...kept } = source;
  return kept;
}

const entryOf = (hit: Hit): ProjectionEntry => {
  const tombstone = hit._source['deleted'] === true;
  return {
    aggregateId: String(hit._source['aggregateId'] ?? hit._id),
    version: Number(hit._source['version'] ?? hit._version),
    tombstone,
    hash: projectionHash(tombstone ? null : keptOf(hit._source)),
  };
};

/**
 * One page of the write alias (tombstones included), sorted by `aggregateId`, through a point in
 * time (`POST /<alias>/_search/point_in_time`, then `search_after`): the first page refreshes the
 * index and opens the point in time, the cursor carries it and the last hit's sort values; the last page closes it.
 */
export async function listPage(
  client: OpenSearchClient,
  names: IndexNames,
  query: { cursor?: string; limit: number },
): Promise<ProjectionPage> {
  const cursor = query.cursor === undefined ? undefined : decode(query.cursor);
  try {
    let pit = cursor?.pit;
    if (pit === undefined) {
      await client.indices.refresh({ index: names.writeAlias });
      const created = await client.createPit({ index: [names.writeAlias], keep_alive: KEEP_ALIVE });
      pit = created.body.pit_id as string;
    }
    const response = await client.search({
      body: {
        size: query.limit + 1,
        pit: { id: pit, keep_alive: KEEP_ALIVE },
        sort: [{ aggregateId: 'asc' }],
        version: true,
        ...(cursor ? { search_after: cursor.after } : {}),
      },
    } as never);
    const hits = response.body.hits.hits as Hit[];
    const items = hits.slice(0, query.limit).map(entryOf);
    const last = hits[query.limit - 1];
    if (hits.length > query.limit && last?.sort)
      return { items, nextCursor: encode({ pit, after: last.sort }) };
    await client.deletePit({ body: { pit_id: [pit] } }).catch(() => undefined); // it expires anyway
    return { items };
  } catch (error) {
    throw new OpenSearchUnavailableError(
      `OpenSearch could not list ${names.writeAlias}: ${requestFailure(error).reason}`,
      { cause: error },
    );
  }
}
