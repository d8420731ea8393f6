/**
 * Point in time: a frozen view of the documents of the indices behind a name, kept for
 * `keep_alive` (extended by each search that passes a new `keep_alive`), deleted by id or all.
 * Source: https://docs.opensearch.org/latest/search-plugins/searching-data/point-in-time-api/.
 */
import { randomBytes } from 'node:crypto';
import { OpenSearchError, validationFailed, type Json } from './errors';
import type { SearchSource } from './search';
import { parseTimeValueMs } from './settings';

interface PointInTime {
  readonly sources: SearchSource[];
  readonly createdAt: number;
  expiresAt: number;
}

/** The live points in time. */
export class PointsInTime {
  private readonly pits = new Map<string, PointInTime>();

  constructor(private readonly now: () => number) {}

  /** Creates a PIT over a snapshot of the sources; returns the create response body. */
  create(sources: SearchSource[], keepAlive: string | null): Json {
    if (!keepAlive) throw validationFailed('keep_alive is missing');
    const ttl = parseTimeValueMs(keepAlive, 'keep_alive');
    const id = randomBytes(24).toString('base64url');
    const frozen = sources.map((source) => ({ ...source, docs: new Map(source.docs) }));
    const createdAt = this.now();
    this.pits.set(id, { sources: frozen, createdAt, expiresAt: createdAt + ttl });
    const n = frozen.length;
    return {
      pit_id: id,
      _shards: { total: n, successful: n, skipped: 0, failed: 0 },
      creation_time: createdAt,
    };
  }

  /** The snapshot of a live PIT (extending it by `keepAlive`); 404 when unknown or expired. */
  sources(id: string, keepAlive: unknown): SearchSource[] {
    const pit = this.pits.get(id);
    if (!pit || pit.expiresAt <= this.now()) {
      this.pits.delete(id);
      throw new OpenSearchError(
        404,
        'search_context_missing_exception',
        `No search context found for id [${id}]`,
      );
    }
    if (keepAlive !== undefined) pit.expiresAt = this.now() + parseTimeValueMs(keepAlive, 'pit.keep_alive');
    return pit.sources;
  }

  /** Drops every point in time. */
  clear(): void {
    this.pits.clear();
  }

  /** Deletes the given PITs (or all); returns the delete response body. */
  delete(ids: string[] | 'all'): Json {
    const targets = ids === 'all' ? [...this.pits.keys()] : ids;
    const pits = targets.map((id) => ({ successful: this.pits.delete(id), pit_id: id }));
    return { pits };
  }
}
