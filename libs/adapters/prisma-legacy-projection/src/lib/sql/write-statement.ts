import type { LegacyMapping, LegacyRows, LegacyTable } from '@outflow/core-application';
import { ident, Params, valuesRelation } from './params';

/** A change the decision rule said to apply, with its rows (none for a deletion). */
export interface PlannedWrite {
  readonly aggregateId: string;
  readonly eventId: string;
  readonly version: number;
  readonly rows?: LegacyRows;
}

const columnsOf = (table: LegacyTable) => Object.entries(table.columns);
const list = (names: readonly string[], prefix = '') => names.map((n) => `${prefix}${ident(n)}`).join(', ');

function upsert(cte: string, source: string, table: LegacyTable, joinColumn: string): string {
  const cols = Object.keys(table.columns);
  const updates = cols.filter((c) => !table.key.includes(c)).map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`);
  return `${cte} AS (INSERT INTO ${ident(table.name)} (${list(cols)})
    SELECT ${list(cols, 's.')} FROM ${source} s JOIN v ON v.aggregate_id = s.${ident(joinColumn)} AND NOT v.deleted
    ON CONFLICT (${list(table.key)}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'})`;
}

/**
 * ONE statement that writes a whole batch of one aggregate type (data-modifying CTEs):
 * the version rows (guarded: only where the stored version is older — a concurrent writer
 * that got there first wins), then, only for the aggregates whose version row was written,
 * the applied-event markers (a clash with an earlier marker moves it, never fails), the root rows (upsert), the child rows (upsert + delete lines that
 * are gone) and the deletions (root rows removed; children follow by ON DELETE CASCADE).
 * Returns the ids whose change was written.
 */
export function buildWriteStatement(
  mapping: LegacyMapping,
  writes: readonly PlannedWrite[],
): { sql: string; values: unknown[] } {
  const p = new Params();
  const type = p.add(mapping.aggregateType, 'text');
  const input = valuesRelation(
    p,
    [
      ['aggregate_id', 'text'],
      ['event_id', 'text'],
      ['version', 'bigint'],
      ['deleted', 'boolean'],
    ],
    writes.map((w) => ({
      aggregate_id: w.aggregateId,
      event_id: w.eventId,
      version: w.version,
      deleted: w.rows === undefined,
    })),
  );
  const upserts = writes.flatMap((w) => (w.rows ? [w.rows] : []));
  const ctes = [
    `x AS (${input})`,
    `v AS (INSERT INTO outflow_projection_versions AS t (aggregate_type, aggregate_id, version, deleted, updated_at)
      SELECT ${type}, x.aggregate_id, x.version, x.deleted, now() FROM x
      ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE
        SET version = EXCLUDED.version, deleted = EXCLUDED.deleted, updated_at = EXCLUDED.updated_at
        WHERE t.version < EXCLUDED.version
      RETURNING t.aggregate_id, t.deleted)`,
    // Markers are keyed per aggregate and only refine equal-version duplicates: an event id seen
    // before (at another version of this aggregate) never fails the write, it moves the marker.
    `m AS (INSERT INTO outflow_applied_events AS e (event_id, aggregate_type, aggregate_id, version)
      SELECT x.event_id, ${type}, x.aggregate_id, x.version FROM x JOIN v ON v.aggregate_id = x.aggregate_id
      ON CONFLICT (aggregate_type, aggregate_id, event_id) DO UPDATE
        SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at)`,
    `r AS (${valuesRelation(
      p,
      columnsOf(mapping.root),
      upserts.map((rows) => rows.root),
    )})`,
    upsert('ru', 'r', mapping.root, mapping.root.idColumn),
  ];
  mapping.children.forEach((child, i) => {
    const rows = upserts.flatMap((u) => u.children[child.name] ?? []);
    const keyMatch = child.key.map((k) => `c.${ident(k)} = t.${ident(k)}`).join(' AND ');
    ctes.push(
      `c${i} AS (${valuesRelation(p, columnsOf(child), rows)})`,
      upsert(`c${i}u`, `c${i}`, child, child.parentColumn),
      `c${i}d AS (DELETE FROM ${ident(child.name)} t USING v
        WHERE t.${ident(child.parentColumn)} = v.aggregate_id AND NOT v.deleted
          AND NOT EXISTS (SELECT 1 FROM c${i} c WHERE ${keyMatch}))`,
    );
  });
  ctes.push(
    `d AS (DELETE FROM ${ident(mapping.root.name)} t USING v WHERE t.${ident(mapping.root.idColumn)} = v.aggregate_id AND v.deleted)`,
  );
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT aggregate_id FROM v`, values: p.values };
}
