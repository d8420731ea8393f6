import type { LegacyMapping } from '@outflow/core-application';
import { ident } from './params';

type Statement = { sql: string; values: unknown[] };

/**
 * One page of the version rows of `aggregateType` after `cursor` (keyset pagination on the
 * primary key, ascending `aggregate_id` in the column's collation): `limit` + 1 rows, so the
 * caller knows whether another page follows.
 */
export function buildVersionPageQuery(
  aggregateType: string,
  cursor: string | undefined,
  limit: number,
): Statement {
  return {
    sql: `SELECT aggregate_id, version, deleted FROM outflow_projection_versions
      WHERE aggregate_type = $1::text AND ($2::text IS NULL OR aggregate_id > $2::text)
      ORDER BY aggregate_id LIMIT $3::int`,
    values: [aggregateType, cursor ?? null, limit + 1],
  };
}

/** The root rows of the given aggregate ids. */
export function buildRootsQuery(mapping: LegacyMapping, ids: readonly string[]): Statement {
  return {
    sql: `SELECT * FROM ${ident(mapping.root.name)} WHERE ${ident(mapping.root.idColumn)} = ANY($1::text[])`,
    values: [ids],
  };
}

/** The rows of child table `index` of the given aggregate ids. */
export function buildChildrenQuery(mapping: LegacyMapping, index: number, ids: readonly string[]): Statement {
  const child = mapping.children[index];
  if (!child) throw new RangeError(`mapping ${mapping.aggregateType} has no child table #${index}`);
  return {
    sql: `SELECT * FROM ${ident(child.name)} WHERE ${ident(child.parentColumn)} = ANY($1::text[])`,
    values: [ids],
  };
}
