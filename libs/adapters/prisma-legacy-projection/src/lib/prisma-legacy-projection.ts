import type { Projected, ProjectionStore } from '@outflow/core-application';
import { applied, decide, failed, outcomeOf, type ChangeOutcome, type Holding, type OutboxEvent } from '@outflow/core-domain';
import { isDataError, refusalReason } from './database-errors';
import { LegacyDatabaseError } from './errors';
import type { LegacyMapping, LegacyRows } from './mapping/legacy-mapping';
import { buildChildQuery, buildHoldingsQuery, buildRootQuery } from './sql/read-statements';
import { buildWriteStatement } from './sql/write-statement';

/** The part of a Prisma client (or interactive transaction) the projection uses: raw SQL. */
export interface RawSql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}
export interface RawSqlClient extends RawSql {
  $transaction<T>(work: (tx: RawSql) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T>;
}

export interface PrismaLegacyProjectionOptions {
  /** A Prisma 7 client on the legacy database (see `openLegacyDatabase`). */
  readonly prisma: RawSqlClient;
  /** One mapping per aggregate type this projection keeps, e.g. `[ordersMapping]`. */
  readonly mappings: readonly LegacyMapping[];
  /**
   * Longest a batch transaction may run.
   * @default 30000
   */
  readonly transactionTimeoutMs?: number;
}

interface Candidate {
  readonly index: number;
  readonly change: OutboxEvent;
  readonly mapping: LegacyMapping;
  readonly rows?: LegacyRows;
}

type HoldingRow = { ord: number; version: number | null; deleted: boolean | null; seen: boolean };

const holdingOf = (row: HoldingRow | undefined): Holding =>
  !row || row.version === null ? { kind: 'absent' } : { kind: row.deleted ? 'tombstone' : 'present', version: Number(row.version) };

/**
 * The legacy relational database as a ProjectionStore. Per batch: one transaction, one query for
 * what is held, the pure `decide` rule, then ONE multi-row statement per aggregate type writing
 * version rows, applied-event markers and legacy rows together. If the database refuses some row
 * (value too large, constraint), the batch is redone with a savepoint per aggregate so only the
 * refused aggregates fail, each with the database's reason.
 *
 * @example
 * const db = await openLegacyDatabase({ kind: 'postgres', url });
 * const store = new PrismaLegacyProjection({ prisma: db.prisma, mappings: [ordersMapping] });
 */
export class PrismaLegacyProjection implements ProjectionStore {
  private readonly mappings: ReadonlyMap<string, LegacyMapping>;
  private readonly txOptions: { timeout: number; maxWait: number };

  constructor(private readonly options: PrismaLegacyProjectionOptions) {
    this.mappings = new Map(options.mappings.map((m) => [m.aggregateType, m]));
    const timeout = options.transactionTimeoutMs ?? 30_000;
    this.txOptions = { timeout, maxWait: timeout };
  }

  async apply(changes: readonly OutboxEvent[]): Promise<readonly ChangeOutcome[]> {
    const outcomes: ChangeOutcome[] = new Array(changes.length);
    const candidates: Candidate[] = [];
    changes.forEach((change, index) => {
      const mapping = this.mappings.get(change.aggregateType);
      if (!mapping) {
        outcomes[index] = failed(`no legacy mapping for aggregate type "${change.aggregateType}" (known: ${[...this.mappings.keys()].join(', ')})`);
        return;
      }
      if (change.deleted) return void candidates.push({ index, change, mapping });
      const rows = mapping.toRows(change.aggregateId, change.state);
      if (rows.ok) candidates.push({ index, change, mapping, rows: rows.value });
      else outcomes[index] = failed(rows.error.message);
    });
    if (candidates.length === 0) return outcomes;
    try {
      await this.transact(candidates, outcomes, false);
    } catch (error) {
      if (!isDataError(error)) throw this.unavailable(error);
      await this.transact(candidates, outcomes, true).catch((e) => {
        throw this.unavailable(e);
      });
    }
    return outcomes;
  }

  async read(aggregateType: string, aggregateId: string): Promise<Projected> {
    const mapping = this.mappings.get(aggregateType);
    const held = await this.holdings(this.options.prisma, [{ aggregateType, aggregateId, eventId: '' }]);
    const holding = holdingOf(held[0]);
    if (holding.kind !== 'present') return holding;
    if (!mapping) return { kind: 'present', version: holding.version, state: {} };
    const root = await this.query<Record<string, unknown>>(this.options.prisma, buildRootQuery(mapping, aggregateId));
    const children: Record<string, Record<string, unknown>[]> = {};
    for (const [i, child] of mapping.children.entries()) {
      children[child.name] = await this.query(this.options.prisma, buildChildQuery(mapping, i, aggregateId));
    }
    if (!root[0]) return { kind: 'absent' };
    return { kind: 'present', version: holding.version, state: mapping.fromRows(root[0], children) };
  }

  /** One transaction over the candidates; `isolate` puts each aggregate's write behind a savepoint. */
  private transact(candidates: readonly Candidate[], outcomes: ChangeOutcome[], isolate: boolean): Promise<void> {
    return this.options.prisma.$transaction(async (tx) => {
      const held = await this.holdings(tx, candidates.map((c) => c.change));
      const toWrite = new Map<LegacyMapping, Candidate[]>();
      candidates.forEach((c, i) => {
        const decision = decide(holdingOf(held[i]), c.change, held[i]?.seen ?? false);
        if (decision.kind !== 'applied') outcomes[c.index] = outcomeOf(decision);
        else toWrite.set(c.mapping, [...(toWrite.get(c.mapping) ?? []), c]);
      });
      const written = new Set<Candidate>();
      for (const [mapping, group] of toWrite) {
        const units = isolate ? group.map((c) => [c]) : [group];
        for (const unit of units) {
          if (isolate) await tx.$queryRawUnsafe('SAVEPOINT outflow_change');
          try {
            const ids = await this.write(tx, mapping, unit);
            unit.filter((c) => ids.has(c.change.aggregateId)).forEach((c) => written.add(c));
            if (isolate) await tx.$queryRawUnsafe('RELEASE SAVEPOINT outflow_change');
          } catch (error) {
            if (!isolate || !isDataError(error)) throw error;
            await tx.$queryRawUnsafe('ROLLBACK TO SAVEPOINT outflow_change');
            unit.forEach((c) => (outcomes[c.index] = failed(refusalReason(error))));
          }
        }
      }
      const attempted = [...toWrite.values()].flat().filter((c) => outcomes[c.index]?.kind !== 'failed');
      await this.settle(tx, attempted, written, outcomes);
    }, this.txOptions);
  }

  /** Written changes are applied; a change a concurrent writer beat is decided again on fresh holdings. */
  private async settle(tx: RawSql, attempted: readonly Candidate[], written: ReadonlySet<Candidate>, outcomes: ChangeOutcome[]) {
    const beaten = attempted.filter((c) => !written.has(c));
    written.forEach((c) => (outcomes[c.index] = applied));
    if (beaten.length === 0) return;
    const again = await this.holdings(tx, beaten.map((c) => c.change));
    beaten.forEach((c, i) => {
      const decision = decide(holdingOf(again[i]), c.change, again[i]?.seen ?? false);
      outcomes[c.index] = decision.kind === 'applied' ? failed('a concurrent writer changed this aggregate; retry') : outcomeOf(decision);
    });
  }

  private async write(tx: RawSql, mapping: LegacyMapping, unit: readonly Candidate[]): Promise<Set<string>> {
    const statement = buildWriteStatement(
      mapping,
      unit.map((c) => ({ aggregateId: c.change.aggregateId, eventId: c.change.eventId, version: c.change.aggregateVersion, rows: c.rows })),
    );
    const rows = await this.query<{ aggregate_id: string }>(tx, statement);
    return new Set(rows.map((r) => r.aggregate_id));
  }

  private holdings(db: RawSql, changes: ReadonlyArray<{ aggregateType: string; aggregateId: string; eventId: string }>) {
    return this.query<HoldingRow>(db, buildHoldingsQuery(changes));
  }

  private query<T>(db: RawSql, statement: { sql: string; values: unknown[] }): Promise<T[]> {
    return db.$queryRawUnsafe<T[]>(statement.sql, ...statement.values);
  }

  private unavailable(error: unknown): LegacyDatabaseError {
    const reason = error instanceof Error ? error.message.trim().split('\n').pop() : String(error);
    return new LegacyDatabaseError(`the legacy database could not apply the batch: ${reason}`, { cause: error });
  }
}
