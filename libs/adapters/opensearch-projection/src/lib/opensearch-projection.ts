import {
  checkListQuery,
  projectionHash,
  sleep,
  type ProjectionListQuery,
  type ProjectionPage,
  type ProjectionStore,
  type SearchMapping,
} from '@outflow/core-application';
import {
  failed,
  ValidationError,
  type AggregateState,
  type ChangeOutcome,
  type Holding,
  type OutboxEvent,
  permanentFailure,
} from '@outflow/core-domain';
import { applyCandidates, decideAll, type Candidate } from './apply-candidates';
import { requestFailure, writeBulk, type BulkWriterOptions } from './bulk-writer';
import { OpenSearchUnavailableError } from './errors';
import { bootstrapIndex } from './index-bootstrap';
import { keptOf, listPage } from './list-page';
import { indexNames, resolveOptions, type IndexNames, type OpenSearchProjectionOptions } from './options';

type Source = Record<string, unknown>;

/**
 * OpenSearch as a ProjectionStore, with OpenSearch itself refusing stale writes: every change is
 * a bulk `index` of the WHOLE document with `version_type=external` and `version` = the
 * aggregate version, so OpenSearch writes it only when it is newer than what it holds and answers
 * 409 otherwise (`duplicate` or `stale` by the current version its reason names). A deletion
 * indexes a TOMBSTONE document (`deleted: true`) at the deleting version, never a `delete`: a
 * deleted document's version is kept only for `index.gc_deletes` (60 s by default), after which a
 * late older upsert would create the document again. Searches go to the read alias, filtered on
 * `deleted: false`. No applied-event markers: outcomes are decided by version alone.
 *
 * Per aggregate type: index template (explicit, strict mappings from the type's `SearchMapping`),
 * concrete index `<prefix>-<name>-v<version>`, write alias `<prefix>-<name>` and read alias
 * `<prefix>-<name>-read`, created on first use, idempotently. Item-level 429/5xx are retried
 * (only those items) with exponential backoff and full jitter; an item refused for its data fails
 * with OpenSearch's reason and the aggregate's next older candidate is tried.
 *
 * @throws OpenSearchUnavailableError (from every method) when OpenSearch cannot be reached or
 * fails a whole request after the retries, so every message of the batch is retried.
 * @example
 * const store = new OpenSearchProjection({
 *   client: createOpenSearchClient({ endpoint, region: 'eu-west-1', service: 'es' }),
 *   indexPrefix: 'outflow-prod',
 *   mappings: [ordersSearchMapping],
 * });
 */
export class OpenSearchProjection implements ProjectionStore {
  private readonly mappings: ReadonlyMap<string, SearchMapping>;
  private readonly writer: BulkWriterOptions;
  private readonly ready = new Map<string, Promise<void>>();

  constructor(private readonly options: OpenSearchProjectionOptions) {
    const resolved = resolveOptions(options);
    this.mappings = resolved.mappings;
    this.writer = { client: options.client, retry: resolved.retry, sleep: options.sleep ?? sleep };
  }

  /** The index, alias and template names of an aggregate type's mapping. */
  namesOf(mapping: SearchMapping): IndexNames {
    return indexNames(this.options.indexPrefix, mapping);
  }

  async apply(changes: readonly OutboxEvent[]): Promise<readonly ChangeOutcome[]> {
    const outcomes: ChangeOutcome[] = new Array(changes.length);
    const groups = new Map<SearchMapping, Candidate[]>();
    changes.forEach((change, index) => {
      const mapping = this.mappings.get(change.aggregateType);
      // No redelivery can make the type known: dead-lettered at once (a permanent failure).
      if (!mapping) return void (outcomes[index] = permanentFailure(this.unknownType(change.aggregateType)));
      const document = this.documentOf(mapping, change);
      if (!document.ok) return void (outcomes[index] = failed(document.reason));
      const action = { id: change.aggregateId, version: change.aggregateVersion, document: document.value };
      groups.set(mapping, [...(groups.get(mapping) ?? []), { index, change, action }]);
    });
    for (const [mapping, group] of groups) {
      await this.bootstrap(mapping);
      const alias = this.namesOf(mapping).writeAlias;
      const lookUp = await applyCandidates(
        (actions) => writeBulk(this.writer, alias, actions),
        group,
        outcomes,
      );
      if (lookUp.length > 0) await this.classify(mapping, lookUp, outcomes);
    }
    return outcomes;
  }

  async read(aggregateType: string, aggregateId: string): Promise<Holding<AggregateState>> {
    const mapping = this.mappings.get(aggregateType);
    if (!mapping) return { kind: 'absent' };
    await this.bootstrap(mapping);
    const alias = this.namesOf(mapping).writeAlias;
    const response = await this.guard(`read ${alias}/${aggregateId}`, () =>
      this.options.client.get({ index: alias, id: aggregateId }, { ignore: [404] }),
    );
    const body = response.body as { found?: boolean; _version?: number; _source?: Source };
    if (!body.found || !body._source) return { kind: 'absent' };
    const version = Number(body._source['version'] ?? body._version);
    if (body._source['deleted'] === true) return { kind: 'tombstone', version };
    return { kind: 'present', version, state: mapping.fromDocument(keptOf(body._source)) };
  }

  /**
   * Pages over the write alias (tombstones included) sorted by `aggregateId`, through a point in
   * time and `search_after` (see `listPage`). `hash`: SHA-256 of the canonical JSON of `_source`
   * without the adapter's fields.
   */
  async list(query: ProjectionListQuery): Promise<ProjectionPage> {
    checkListQuery(query);
    const mapping = this.mappings.get(query.aggregateType);
    if (!mapping) return { items: [] };
    await this.bootstrap(mapping);
    return listPage(this.options.client, this.namesOf(mapping), query);
  }

  /**
   * The hash `list` reports for an aggregate holding `state` (`null`: a tombstone).
   * @throws ValidationError when there is no mapping for the type or the mapping refuses the state.
   */
  expectedHash(aggregateType: string, aggregateId: string, state: AggregateState | null): string {
    if (state === null) return projectionHash(null);
    const mapping = this.mappings.get(aggregateType);
    if (!mapping)
      throw new ValidationError('projection hash', [
        { path: 'aggregateType', message: this.unknownType(aggregateType) },
      ]);
    const document = mapping.toDocument(aggregateId, state);
    if (!document.ok) throw document.error;
    return projectionHash(document.value);
  }

  /** Creates the template, index and aliases once per aggregate type (again after a failure). */
  private bootstrap(mapping: SearchMapping): Promise<void> {
    let ready = this.ready.get(mapping.aggregateType);
    if (!ready) {
      ready = bootstrapIndex(this.options.client, this.namesOf(mapping), mapping);
      ready.catch(() => this.ready.delete(mapping.aggregateType));
      this.ready.set(mapping.aggregateType, ready);
    }
    return ready;
  }

  private documentOf(mapping: SearchMapping, change: OutboxEvent) {
    const own = { aggregateId: change.aggregateId, version: change.aggregateVersion };
    if (change.deleted) return { ok: true, value: { ...own, deleted: true } } as const;
    const document = mapping.toDocument(change.aggregateId, change.state);
    if (!document.ok) return { ok: false, reason: document.error.message } as const;
    return { ok: true, value: { ...document.value, ...own, deleted: false } } as const;
  }

  /** 409s whose reason named no version: what OpenSearch holds decides (one `_mget`). */
  private async classify(mapping: SearchMapping, lookUp: readonly Candidate[], outcomes: ChangeOutcome[]) {
    const alias = this.namesOf(mapping).writeAlias;
    const ids = [...new Set(lookUp.map((c) => c.change.aggregateId))];
    const response = await this.guard(`read ${alias}`, () =>
      this.options.client.mget({ index: alias, body: { ids } }),
    );
    const docs = response.body.docs as Array<{ _id: string; found?: boolean; _version?: number }>;
    for (const id of ids) {
      const doc = docs.find((d) => d._id === id);
      const mine = lookUp.filter((c) => c.change.aggregateId === id);
      if (doc?.found && doc._version !== undefined)
        decideAll({ kind: 'present', version: doc._version }, mine, outcomes);
      else
        for (const c of mine)
          outcomes[c.index] = failed('OpenSearch reported a version conflict but holds no document; retry');
    }
  }

  private async guard<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new OpenSearchUnavailableError(`OpenSearch could not ${what}: ${requestFailure(error).reason}`, {
        cause: error,
      });
    }
  }

  private unknownType(aggregateType: string): string {
    return `no search mapping for aggregate type "${aggregateType}" (known: ${[...this.mappings.keys()].join(', ')})`;
  }
}
