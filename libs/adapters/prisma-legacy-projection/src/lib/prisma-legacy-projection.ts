import {
  checkListQuery,
  projectionHash,
  type LegacyMapping,
  type ProjectionEntry,
  type ProjectionListQuery,
  type ProjectionPage,
  type ProjectionStore,
} from '@outflow/core-application';
import {
  decide,
  outcomeOf,
  ValidationError,
  type AggregateState,
  type ChangeOutcome,
  type Holding,
  type OutboxEvent,
  permanentFailure,
} from '@outflow/core-domain';
import { applyCandidates, unavailable, type Candidate, type SqlRunner } from './apply-candidates';
import {
  pruneAppliedEventMarkers,
  type PruneMarkersOptions,
  type PruneMarkersResult,
} from './applied-event-markers';
import { InvalidPruneOptionsError } from './errors';
import { keptRows } from './kept-rows';
import { buildChildrenQuery, buildRootsQuery, buildVersionPageQuery } from './sql/list-statements';
import { buildChildQuery, buildHoldingsQuery, buildRootQuery } from './sql/read-statements';

/**
 * Raw, parameterised SQL on the legacy database: `LegacyDatabase.sql` (Prisma's driver adapter,
 * see `openLegacyDatabase`) or a Prisma client (`$queryRawUnsafe`).
 */
export interface RawSql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export interface PrismaLegacyProjectionOptions {
  /** The legacy database: `db.sql` of `openLegacyDatabase(…)`. */
  readonly sql: RawSql;
  /** One mapping per aggregate type this projection keeps, e.g. `[ordersLegacyMapping]` from `@outflow/orders`. */
  readonly mappings: readonly LegacyMapping[];
}

type HoldingRow = { ord: number; version: number | null; deleted: boolean | null; seen: boolean };
type VersionRow = { aggregate_id: string; version: number; deleted: boolean };
type Row = Record<string, unknown>;

const holdingOf = (row: HoldingRow | undefined): Holding =>
  !row || row.version === null
    ? { kind: 'absent' }
    : { kind: row.deleted ? 'tombstone' : 'present', version: Number(row.version) };

/**
 * The legacy relational database as a ProjectionStore. Per batch and aggregate type: ONE
 * multi-row statement (data-modifying CTEs) writes the version rows, the applied-event markers
 * and the legacy rows together, guarded so only aggregates whose held version is older change.
 * A single statement is atomic, so no explicit transaction (and no extra round trips) is needed.
 *
 * Every change is mapped (validated) on its own first. Per aggregate the newest candidate goes
 * into the statement; if the database refuses some row for its data (SQLSTATE class 22 or 23),
 * the aggregates are written one statement each, a refused change fails with the database's
 * reason and the aggregate's next older candidate is tried in the next round. Changes the guard
 * held back are classified afterwards by the domain's `decide` rule (stale or duplicate); the
 * older candidates of a settled aggregate are stale without their data being tried. Any other
 * database error (connection, resources) throws `LegacyDatabaseError`, failing the whole batch.
 *
 * @example
 * const db = await openLegacyDatabase({ kind: 'postgres', url });
 * const store = new PrismaLegacyProjection({ sql: db.sql, mappings: [ordersLegacyMapping] });
 */
export class PrismaLegacyProjection implements ProjectionStore {
  private readonly mappings: ReadonlyMap<string, LegacyMapping>;

  constructor(private readonly options: PrismaLegacyProjectionOptions) {
    this.mappings = new Map(options.mappings.map((m) => [m.aggregateType, m]));
  }

  async apply(changes: readonly OutboxEvent[]): Promise<readonly ChangeOutcome[]> {
    const outcomes: ChangeOutcome[] = new Array(changes.length);
    const groups = new Map<LegacyMapping, Candidate[]>();
    changes.forEach((change, index) => {
      const mapping = this.mappings.get(change.aggregateType);
      if (!mapping)
        // No redelivery can make the type known: dead-lettered at once (a permanent failure).
        return void (outcomes[index] = permanentFailure(this.unknownType(change.aggregateType)));
      const rows = change.deleted ? undefined : mapping.toRows(change.aggregateId, change.state);
      if (rows && !rows.ok) return void (outcomes[index] = { kind: 'failed', reason: rows.error.message });
      groups.set(mapping, [
        ...(groups.get(mapping) ?? []),
        { index, change, ...(rows ? { rows: rows.value } : {}) },
      ]);
    });
    const run: SqlRunner = (statement) => this.query(statement);
    const heldBack: Candidate[] = [];
    for (const [mapping, group] of groups)
      heldBack.push(...(await applyCandidates(run, mapping, group, outcomes)));
    if (heldBack.length > 0) await this.classify(heldBack, outcomes);
    return outcomes;
  }

  async read(aggregateType: string, aggregateId: string): Promise<Holding<AggregateState>> {
    const mapping = this.mappings.get(aggregateType);
    const held = await this.holdings([{ aggregateType, aggregateId, eventId: '' }]);
    const holding = holdingOf(held[0]);
    if (holding.kind !== 'present') return holding;
    if (!mapping) return { kind: 'present', version: holding.version, state: {} };
    const root = await this.query<Row>(buildRootQuery(mapping, aggregateId));
    const children: Record<string, Row[]> = {};
    for (const [i, child] of mapping.children.entries()) {
      children[child.name] = await this.query(buildChildQuery(mapping, i, aggregateId));
    }
    if (!root[0]) return { kind: 'absent' };
    return { kind: 'present', version: holding.version, state: mapping.fromRows(root[0], children) };
  }

  /**
   * Keyset pages over `outflow_projection_versions` (ascending `aggregate_id`; the cursor is the
   * last id of the page), each present aggregate's legacy rows read with one query per table.
   * `hash`: SHA-256 of the canonical JSON of the rows as read back (`keptRows`).
   */
  async list(query: ProjectionListQuery): Promise<ProjectionPage> {
    checkListQuery(query);
    const versions = await this.query<VersionRow>(
      buildVersionPageQuery(query.aggregateType, query.cursor, query.limit),
    );
    const page = versions.slice(0, query.limit);
    const kept = await this.keptRowsOf(
      this.mappings.get(query.aggregateType),
      page.filter((v) => !v.deleted).map((v) => v.aggregate_id),
    );
    const items: ProjectionEntry[] = page.map((v) => ({
      aggregateId: v.aggregate_id,
      version: Number(v.version),
      tombstone: v.deleted,
      hash: projectionHash(v.deleted ? null : (kept.get(v.aggregate_id) ?? null)),
    }));
    const last = page[page.length - 1];
    return versions.length > query.limit && last ? { items, nextCursor: last.aggregate_id } : { items };
  }

  /**
   * The hash `list` reports for an aggregate holding `state` (`null`: a tombstone), through the
   * aggregate type's mapping.
   * @throws ValidationError when there is no mapping for the type or the mapping refuses the state.
   */
  expectedHash(aggregateType: string, aggregateId: string, state: AggregateState | null): string {
    if (state === null) return projectionHash(null);
    const mapping = this.mappings.get(aggregateType);
    if (!mapping)
      throw new ValidationError('projection hash', [
        { path: 'aggregateType', message: this.unknownType(aggregateType) },
      ]);
    const rows = mapping.toRows(aggregateId, state);
    if (!rows.ok) throw rows.error;
    return projectionHash(keptRows(mapping, rows.value.root, rows.value.children));
  }

  /**
   * Deletes applied-event markers older than `options.olderThan`, in bounded batches (see
   * `pruneAppliedEventMarkers`; the default retention is `DEFAULT_MARKER_RETENTION_DAYS`). Legacy
   * rows, version rows and tombstones are untouched, so a late duplicate stays harmless.
   *
   * @throws InvalidPruneOptionsError naming a bad `olderThan` or `batchSize`
   * @throws LegacyDatabaseError when the database cannot run the deletes
   */
  async pruneAppliedEventMarkers(options: PruneMarkersOptions): Promise<PruneMarkersResult> {
    try {
      return await pruneAppliedEventMarkers(this.options.sql, options);
    } catch (error) {
      if (error instanceof InvalidPruneOptionsError) throw error;
      throw unavailable(error, 'prune the applied-event markers');
    }
  }

  private async keptRowsOf(
    mapping: LegacyMapping | undefined,
    ids: readonly string[],
  ): Promise<Map<string, unknown>> {
    const kept = new Map<string, unknown>();
    if (!mapping || ids.length === 0) return kept;
    const roots = await this.query<Row>(buildRootsQuery(mapping, ids));
    const children = await Promise.all(
      mapping.children.map((_, i) => this.query<Row>(buildChildrenQuery(mapping, i, ids))),
    );
    for (const id of ids) {
      const root = roots.find((r) => r[mapping.root.idColumn] === id);
      const own = mapping.children.map((child, i) => [
        child.name,
        (children[i] ?? []).filter((r) => r[child.parentColumn] === id),
      ]);
      kept.set(id, keptRows(mapping, root, Object.fromEntries(own)));
    }
    return kept;
  }

  /**
   * Why the guard held a change back, by the domain's rule on what the database holds now: stale
   * or duplicate. (`applied` would mean the held version went down, which a version never does.)
   */
  private async classify(heldBack: readonly Candidate[], outcomes: ChangeOutcome[]): Promise<void> {
    const held = await this.holdings(heldBack.map((c) => c.change));
    heldBack.forEach((c, i) => {
      const decision = decide(holdingOf(held[i]), c.change, held[i]?.seen ?? false);
      outcomes[c.index] =
        decision.kind === 'applied'
          ? { kind: 'failed', reason: 'the version guard refused a change the held version allows; retry' }
          : outcomeOf(decision);
    });
  }

  private holdings(changes: ReadonlyArray<{ aggregateType: string; aggregateId: string; eventId: string }>) {
    return this.query<HoldingRow>(buildHoldingsQuery(changes));
  }

  private query<T>(statement: { sql: string; values: unknown[] }): Promise<T[]> {
    return this.options.sql.$queryRawUnsafe<T[]>(statement.sql, ...statement.values);
  }

  private unknownType(aggregateType: string): string {
    return `no legacy mapping for aggregate type "${aggregateType}" (known: ${[...this.mappings.keys()].join(', ')})`;
  }
}
