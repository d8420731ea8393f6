import type { LegacyMapping, LegacyRows, ProjectionStore } from '@outflow/core-application';
import {
  applied,
  decide,
  failed,
  outcomeOf,
  type AggregateState,
  type ChangeOutcome,
  type Holding,
  type OutboxEvent,
} from '@outflow/core-domain';
import {
  pruneAppliedEventMarkers,
  type PruneMarkersOptions,
  type PruneMarkersResult,
} from './applied-event-markers';
import { isDataError, refusalReason, sqlStateOf } from './database-errors';
import { InvalidPruneOptionsError, LegacyDatabaseError } from './errors';
import { buildChildQuery, buildHoldingsQuery, buildRootQuery } from './sql/read-statements';
import { buildWriteStatement } from './sql/write-statement';

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

interface Candidate {
  readonly index: number;
  readonly change: OutboxEvent;
  readonly mapping: LegacyMapping;
  readonly rows?: LegacyRows;
}

type HoldingRow = { ord: number; version: number | null; deleted: boolean | null; seen: boolean };

const holdingOf = (row: HoldingRow | undefined): Holding =>
  !row || row.version === null
    ? { kind: 'absent' }
    : { kind: row.deleted ? 'tombstone' : 'present', version: Number(row.version) };

/**
 * The legacy relational database as a ProjectionStore. Per batch and aggregate type: ONE
 * multi-row statement (data-modifying CTEs) writes the version rows, the applied-event markers
 * and the legacy rows together, guarded so only aggregates whose held version is older change.
 * A single statement is atomic, so no explicit transaction (and no extra round trips) is needed.
 * Changes the guard held back are classified afterwards by the domain's `decide` rule (stale or
 * duplicate). If the database refuses some row (value too large, constraint), the aggregates are
 * written one statement each so only the refused ones fail, each with the database's reason.
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
      if (!mapping) {
        outcomes[index] = failed(
          `no legacy mapping for aggregate type "${change.aggregateType}" (known: ${[...this.mappings.keys()].join(', ')})`,
        );
        return;
      }
      const rows = change.deleted ? undefined : mapping.toRows(change.aggregateId, change.state);
      if (rows && !rows.ok) return void (outcomes[index] = failed(rows.error.message));
      groups.set(mapping, [
        ...(groups.get(mapping) ?? []),
        { index, change, mapping, ...(rows ? { rows: rows.value } : {}) },
      ]);
    });
    const heldBack: Candidate[] = [];
    for (const [mapping, group] of groups) {
      // The same aggregate twice in one statement would be an error: later ones go in later rounds.
      for (const round of rounds(group)) {
        try {
          await this.writeAll(mapping, round, outcomes, heldBack);
        } catch (error) {
          if (!isDataError(error)) throw this.unavailable(error);
          for (const candidate of round) {
            try {
              await this.writeAll(mapping, [candidate], outcomes, heldBack);
            } catch (single) {
              if (!isDataError(single)) throw this.unavailable(single);
              outcomes[candidate.index] = failed(refusalReason(single));
            }
          }
        }
      }
    }
    if (heldBack.length > 0) await this.classify(heldBack, outcomes);
    return outcomes;
  }

  async read(aggregateType: string, aggregateId: string): Promise<Holding<AggregateState>> {
    const mapping = this.mappings.get(aggregateType);
    const held = await this.holdings([{ aggregateType, aggregateId, eventId: '' }]);
    const holding = holdingOf(held[0]);
    if (holding.kind !== 'present') return holding;
    if (!mapping) return { kind: 'present', version: holding.version, state: {} };
    const root = await this.query<Record<string, unknown>>(buildRootQuery(mapping, aggregateId));
    const children: Record<string, Record<string, unknown>[]> = {};
    for (const [i, child] of mapping.children.entries()) {
      children[child.name] = await this.query(buildChildQuery(mapping, i, aggregateId));
    }
    if (!root[0]) return { kind: 'absent' };
    return { kind: 'present', version: holding.version, state: mapping.fromRows(root[0], children) };
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
      throw this.unavailable(error, 'prune the applied-event markers');
    }
  }

  /** One guarded statement for `unit`: written changes are applied, the rest are held back. */
  private async writeAll(
    mapping: LegacyMapping,
    unit: readonly Candidate[],
    outcomes: ChangeOutcome[],
    heldBack: Candidate[],
  ): Promise<void> {
    const statement = buildWriteStatement(
      mapping,
      unit.map((c) => ({
        aggregateId: c.change.aggregateId,
        eventId: c.change.eventId,
        version: c.change.aggregateVersion,
        rows: c.rows,
      })),
    );
    const written = new Set(
      (await this.query<{ aggregate_id: string }>(statement)).map((r) => r.aggregate_id),
    );
    for (const c of unit) {
      if (written.has(c.change.aggregateId)) outcomes[c.index] = applied;
      else heldBack.push(c);
    }
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
          ? failed('the version guard refused a change the held version allows; retry')
          : outcomeOf(decision);
    });
  }

  private holdings(changes: ReadonlyArray<{ aggregateType: string; aggregateId: string; eventId: string }>) {
    return this.query<HoldingRow>(buildHoldingsQuery(changes));
  }

  private query<T>(statement: { sql: string; values: unknown[] }): Promise<T[]> {
    return this.options.sql.$queryRawUnsafe<T[]>(statement.sql, ...statement.values);
  }

  private unavailable(error: unknown, what = 'apply the batch'): LegacyDatabaseError {
    const state = sqlStateOf(error);
    const reason = state
      ? `${state.message} (SQLSTATE ${state.code})`
      : error instanceof Error
        ? error.message.trim().split('\n').pop()
        : String(error);
    return new LegacyDatabaseError(`the legacy database could not ${what}: ${reason}`, {
      cause: error,
    });
  }
}

/** Splits candidates so no aggregate appears twice in one round (oldest version first). */
function rounds(group: readonly Candidate[]): Candidate[][] {
  const sorted = [...group].sort((a, b) => a.change.aggregateVersion - b.change.aggregateVersion);
  const result: Candidate[][] = [];
  const roundOf = new Map<string, number>();
  for (const c of sorted) {
    const r = roundOf.get(c.change.aggregateId) ?? 0;
    roundOf.set(c.change.aggregateId, r + 1);
    (result[r] ??= []).push(c);
  }
  return result;
}
