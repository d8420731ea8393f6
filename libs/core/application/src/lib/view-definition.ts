import { createHash } from 'node:crypto';
import {
  ValidationError,
  type AggregateState,
  type Result,
  type ValidationIssue,
} from '@outflow/core-domain';

/**
 * One materialized view of an aggregate type, as data: rows keyed by the state's `partitionBy`
 * field (one row per value; absent: one global row), each counting aggregates per value of
 * `groupBy` and, with `sum`, adding up `sum.field` per value of `sum.per` (e.g. `totalCents` per
 * `currency`: a sum across currencies means nothing).
 *
 * @public Part of `ViewDefinition`, which bounded contexts write.
 */
export interface ViewSpec {
  /** The view's name, e.g. `customer-orders`: letters, digits and `-`. */
  readonly name: string;
  /** The state field naming the row (a non-empty string); absent: one global row. */
  readonly partitionBy?: string;
  /** The state field whose value (a non-empty string without `#`) is the group counted, e.g. `status`. */
  readonly groupBy: string;
  /** The integer field summed per group and per value of `per`. */
  readonly sum?: { readonly field: string; readonly per: string };
  /**
   * Shards of a global row (written by every change): each aggregate counts in shard
   * `hash(aggregateId) mod shards`, a reader sums them. Ignored with `partitionBy`.
   * @default 1
   */
  readonly shards?: number;
}

/** The views of one aggregate type, and the states it accepts (e.g. `ordersViewDefinition`). */
export interface ViewDefinition {
  readonly aggregateType: string;
  readonly views: readonly ViewSpec[];
  /** Checks a state before it is counted; a store refuses a change whose state fails, naming each field. */
  validate(aggregateId: string, state: AggregateState): Result<AggregateState, ValidationError>;
}

/** What one aggregate adds to one row of a view: one in `group`, and `amount` in `currency`'s total. */
export interface ViewContribution {
  readonly view: string;
  /** The row: the `partitionBy` value, or `*<shard>` for a global row. */
  readonly row: string;
  readonly group: string;
  readonly sum?: { readonly per: string; readonly amount: number };
}

/** A view row as read: per group, the count and the totals per `sum.per` value (integers). */
export interface ViewRow {
  readonly groups: Readonly<
    Record<string, { readonly count: number; readonly totals: Readonly<Record<string, number>> }>
  >;
}

/** The row name of a global view's shard `shard`. */
export const globalRowOf = (shard: number): string => `*${shard}`;

/**
 * The shard (0 … shards−1) an aggregate counts in: the first 4 bytes of SHA-256 of its id, mod `shards`.
 *
 * @internal Used by `contributionsOf`; exported for its spec.
 */
export function shardOf(aggregateId: string, shards: number): number {
  return createHash('sha256').update(aggregateId, 'utf8').digest().readUInt32BE(0) % shards;
}

/** A field's value naming a row, a group or a `sum.per` bucket: a non-empty string (groups and buckets without `#`, the stores' separator). */
const text = (state: AggregateState, field: string, issues: ValidationIssue[], bucket = true): string => {
  const value = state[field];
  if (typeof value === 'string' && value !== '' && !(bucket && value.includes('#'))) return value;
  issues.push({
    path: field,
    message: `expected a non-empty string${bucket ? ' without #' : ''} to group views by, got ${JSON.stringify(value)}`,
  });
  return '';
};

/**
 * What a valid state contributes to each view of `definition` (one entry per view).
 * @throws ValidationError naming each field a view needs and the state lacks.
 */
export function contributionsOf(
  definition: ViewDefinition,
  aggregateId: string,
  state: AggregateState,
): readonly ViewContribution[] {
  const issues: ValidationIssue[] = [];
  const contributions = definition.views.map((view): ViewContribution => {
    const row = view.partitionBy
      ? text(state, view.partitionBy, issues, false)
      : globalRowOf(shardOf(aggregateId, view.shards ?? 1));
    const group = text(state, view.groupBy, issues);
    if (!view.sum) return { view: view.name, row, group };
    const amount = state[view.sum.field];
    if (!Number.isSafeInteger(amount))
      issues.push({
        path: view.sum.field,
        message: `expected an integer to sum, got ${JSON.stringify(amount)}`,
      });
    return {
      view: view.name,
      row,
      group,
      sum: { per: text(state, view.sum.per, issues), amount: amount as number },
    };
  });
  if (issues.length > 0)
    throw new ValidationError(`${definition.aggregateType} ${aggregateId} views`, issues);
  return contributions;
}

/**
 * Checks a definition: view names unique and made of letters, digits and `-`, shards an integer
 * from 1 to 100.
 * @throws ValidationError naming the bad view and field.
 */
export function checkViewDefinition(definition: ViewDefinition): void {
  const issues: ValidationIssue[] = [];
  const names = new Set<string>();
  definition.views.forEach((view, i) => {
    if (!/^[A-Za-z0-9-]+$/.test(view.name) || names.has(view.name))
      issues.push({
        path: `views[${i}].name`,
        message: `expected a unique name of letters, digits and -, got "${view.name}"`,
      });
    names.add(view.name);
    const shards = view.shards ?? 1;
    if (!Number.isInteger(shards) || shards < 1 || shards > 100)
      issues.push({
        path: `views[${i}].shards`,
        message: `expected an integer from 1 to 100, got ${shards}`,
      });
  });
  if (definition.views.length === 0) issues.push({ path: 'views', message: 'expected at least one view' });
  if (issues.length > 0) throw new ValidationError(`view definition of ${definition.aggregateType}`, issues);
}

/** Reads view rows (e.g. `DynamoDbViewReader`); orders-service's query use cases depend on this port. */
export interface ViewReader {
  /**
   * The row `row` of view `view` of `aggregateType` (global views: all shards summed; pass
   * `row` undefined). A row nothing counted in yet has no groups.
   * @throws Error of the implementation when the view store cannot be read.
   */
  readRow(aggregateType: string, view: string, row?: string): Promise<ViewRow>;
}
