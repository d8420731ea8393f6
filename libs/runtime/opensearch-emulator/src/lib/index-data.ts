/**
 * One emulated index: its documents, the versions of deleted documents (kept for
 * `index.gc_deletes`), settings, mappings and aliases. One shard, one primary term.
 * Source: https://docs.opensearch.org/latest/api-reference/document-apis/index-document/ (versioning)
 * and https://docs.opensearch.org/latest/install-and-configure/configuring-opensearch/index-settings/ (`index.gc_deletes`).
 */
import { randomBytes } from 'node:crypto';
import type { Json } from './errors';
import { flattenSettings, nestSettings, parseTimeValueMs } from './settings';

/** A live document: its source, version and sequence number. */
export interface StoredDoc {
  readonly source: Json;
  readonly version: number;
  readonly seqNo: number;
}

/** What a delete leaves behind until `index.gc_deletes` has passed. */
export interface Tombstone {
  readonly version: number;
  readonly deletedAtMs: number;
}

/** An alias's definition as `GET _alias` returns it (only the keys given). */
export type AliasMeta = Json;

/** The state of one index. */
export class IndexData {
  readonly docs = new Map<string, StoredDoc>();
  readonly tombstones = new Map<string, Tombstone>();
  readonly aliases = new Map<string, AliasMeta>();
  readonly uuid = randomBytes(16).toString('base64url').slice(0, 22);
  readonly settings: Record<string, unknown>;
  private seqNo = -1;

  constructor(
    readonly name: string,
    settings: unknown,
    readonly mappings: Json,
    private readonly now: () => number,
    private readonly defaultGcDeletesMs: number,
  ) {
    this.settings = flattenSettings(settings);
  }

  /** `index.gc_deletes` in milliseconds (the emulator option when the index does not set it). */
  gcDeletesMs(): number {
    const value = this.settings['index.gc_deletes'];
    return value === undefined ? this.defaultGcDeletesMs : parseTimeValueMs(value, 'index.gc_deletes');
  }

  /**
   * The version OpenSearch compares a write against: the live document's, else a deleted
   * document's while its tombstone is younger than `index.gc_deletes`, else none.
   */
  currentVersion(id: string): number | undefined {
    const doc = this.docs.get(id);
    if (doc) return doc.version;
    const tombstone = this.tombstones.get(id);
    if (!tombstone) return undefined;
    if (this.now() - tombstone.deletedAtMs >= this.gcDeletesMs()) {
      this.tombstones.delete(id);
      return undefined;
    }
    return tombstone.version;
  }

  /** Stores a document at a version; returns its sequence number. */
  put(id: string, source: Json, version: number): number {
    this.seqNo += 1;
    this.tombstones.delete(id);
    this.docs.set(id, { source, version, seqNo: this.seqNo });
    return this.seqNo;
  }

  /** Deletes a document (live or not), keeping its version as a tombstone; returns the sequence number. */
  remove(id: string, version: number): number {
    this.seqNo += 1;
    this.docs.delete(id);
    this.tombstones.set(id, { version, deletedAtMs: this.now() });
    return this.seqNo;
  }

  /** `index.settings` as `GET /<index>/_settings` nests it. */
  nestedSettings(): Json {
    const defaults = {
      'index.uuid': this.uuid,
      'index.provided_name': this.name,
      'index.number_of_shards': '1',
      'index.number_of_replicas': '1',
    };
    return nestSettings({ ...defaults, ...this.settings });
  }
}
