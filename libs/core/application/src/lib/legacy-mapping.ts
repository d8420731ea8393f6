import type { AggregateState, Result, ValidationError } from '@outflow/core-domain';

/** A value bound into SQL. Decimals travel as strings (exact), timestamps as ISO-8601 strings. */
export type SqlValue = string | number | boolean | null;
export type LegacyRow = Readonly<Record<string, SqlValue>>;

/** PostgreSQL type each column's parameter is cast to. */
export type SqlType = 'text' | 'integer' | 'bigint' | 'numeric' | 'timestamptz' | 'boolean';

export interface LegacyTable {
  readonly name: string;
  readonly columns: Readonly<Record<string, SqlType>>;
  /** Primary key columns. */
  readonly key: readonly string[];
}

/** The aggregate's own row: one per aggregate, keyed by the aggregate id. */
interface RootTable extends LegacyTable {
  readonly idColumn: string;
}

/** Rows that belong to the aggregate (e.g. order lines), replaced as a set on every change. */
interface ChildTable extends LegacyTable {
  /** Column holding the aggregate id (a foreign key to the root, ON DELETE CASCADE). */
  readonly parentColumn: string;
}

export interface LegacyRows {
  readonly root: LegacyRow;
  readonly children: Readonly<Record<string, readonly LegacyRow[]>>;
}

/**
 * How one aggregate type lands in legacy relational tables — the contract between a bounded
 * context, which owns its mapping (e.g. `ordersLegacyMapping` in `@outflow/orders`), and a
 * relational projection adapter (`PrismaLegacyProjection`), which knows mappings and never a
 * domain. Pure data and functions: no database driver.
 *
 * How one aggregate type lands in legacy tables: its root row and child rows, and the way back
 * for `read`. `toRows` validates the state and names the bad field; the database enforces the
 * rest (sizes, precision) and its refusals become the aggregate's failure reason.
 */
export interface LegacyMapping {
  readonly aggregateType: string;
  readonly root: RootTable;
  readonly children: readonly ChildTable[];
  toRows(aggregateId: string, state: AggregateState): Result<LegacyRows, ValidationError>;
  /** Rebuilds the state from rows as the database returns them (numerics as strings, dates as Date). */
  fromRows(
    root: Readonly<Record<string, unknown>>,
    children: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>,
  ): AggregateState;
}
