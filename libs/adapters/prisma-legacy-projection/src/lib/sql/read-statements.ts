import type { LegacyMapping, LegacyTable } from '@outflow/core-application';
import { ident, Params, valuesRelation } from './params';

/** What the database holds for each change's aggregate, and whether its event was applied to that aggregate (its marker). */
export function buildHoldingsQuery(
  changes: ReadonlyArray<{ aggregateType: string; aggregateId: string; eventId: string }>,
): { sql: string; values: unknown[] } {
  const p = new Params();
  const input = valuesRelation(
    p,
    [
      ['ord', 'integer'],
      ['aggregate_type', 'text'],
      ['aggregate_id', 'text'],
      ['event_id', 'text'],
    ],
    changes.map((c, ord) => ({
      ord,
      aggregate_type: c.aggregateType,
      aggregate_id: c.aggregateId,
      event_id: c.eventId,
    })),
  );
  const sql = `SELECT x.ord, v.version, v.deleted, (e.event_id IS NOT NULL) AS seen
    FROM (${input}) x
    LEFT JOIN outflow_projection_versions v ON v.aggregate_type = x.aggregate_type AND v.aggregate_id = x.aggregate_id
    LEFT JOIN outflow_applied_events e
      ON e.aggregate_type = x.aggregate_type AND e.aggregate_id = x.aggregate_id AND e.event_id = x.event_id
    ORDER BY x.ord`;
  return { sql, values: p.values };
}

/**
 * The columns of a table as they are read back. A timestamptz is read as UTC text
 * (`2026-11-01T10:00:00.000Z`), never as the driver formats it: drivers render it in the
 * session's TimeZone and some drop the offset, so a database whose TimeZone is Europe/Berlin
 * would give back another instant.
 */
function selectList(table: LegacyTable): string {
  return Object.entries(table.columns)
    .map(([name, type]) =>
      type === 'timestamptz'
        ? `to_char(${ident(name)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${ident(name)}`
        : ident(name),
    )
    .join(', ');
}

export function buildRootQuery(
  mapping: LegacyMapping,
  aggregateId: string,
): { sql: string; values: unknown[] } {
  return {
    sql: `SELECT ${selectList(mapping.root)} FROM ${ident(mapping.root.name)} WHERE ${ident(mapping.root.idColumn)} = $1::text`,
    values: [aggregateId],
  };
}

export function buildChildQuery(
  mapping: LegacyMapping,
  index: number,
  aggregateId: string,
): { sql: string; values: unknown[] } {
  const child = mapping.children[index];
  if (!child) throw new RangeError(`mapping ${mapping.aggregateType} has no child table #${index}`);
  return {
    sql: `SELECT ${selectList(child)} FROM ${ident(child.name)} WHERE ${ident(child.parentColumn)} = $1::text`,
    values: [aggregateId],
  };
}
