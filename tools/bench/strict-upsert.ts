// The consumer benchmark's strict limit: the same legacy rows written by ONE prepared statement per
// batch — a multi-row upsert of the root rows, of the child rows, and the delete of child rows that
// are gone — with no version guard and no applied-event markers. Its text is fixed per mapping
// (values travel as one array per column, as the projection's own statement does), so PostgreSQL
// parses and plans it once per connection.
import type { LegacyMapping, LegacyRow, LegacyRows, SqlType } from '@outflow/core-application';

const CAST: Record<SqlType, string> = {
  text: 'text',
  integer: 'int',
  bigint: 'bigint',
  numeric: 'numeric',
  timestamptz: 'timestamptz',
  boolean: 'boolean',
};

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

interface Table {
  readonly name: string;
  readonly columns: Readonly<Record<string, SqlType>>;
  readonly key: readonly string[];
}

/** `SELECT * FROM unnest($n::type[], …) AS v(col, …)`, numbering parameters from `first`. */
function unnest(table: Table, first: number): string {
  const cols = Object.entries(table.columns);
  const arrays = cols.map(([, type], i) => `$${first + i}::${CAST[type]}[]`);
  return `SELECT * FROM unnest(${arrays.join(', ')}) AS v(${cols.map(([c]) => ident(c)).join(', ')})`;
}

function upsert(cte: string, source: string, table: Table): string {
  const cols = Object.keys(table.columns);
  const list = cols.map(ident).join(', ');
  const updates = cols.filter((c) => !table.key.includes(c)).map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`);
  return `${cte} AS (INSERT INTO ${ident(table.name)} (${list}) SELECT ${list} FROM ${source}
    ON CONFLICT (${table.key.map(ident).join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'})`;
}

/**
 * The statement text for `mapping` (parameters: one array per root column, then one per column of
 * each child table, in the mapping's column order).
 */
export function strictUpsertText(mapping: LegacyMapping): string {
  const ctes = [`r AS (${unnest(mapping.root, 1)})`, upsert('ru', 'r', mapping.root)];
  let next = 1 + Object.keys(mapping.root.columns).length;
  mapping.children.forEach((child, i) => {
    const keyMatch = child.key.map((k) => `c.${ident(k)} = t.${ident(k)}`).join(' AND ');
    ctes.push(
      `c${i} AS (${unnest(child, next)})`,
      upsert(`c${i}u`, `c${i}`, child),
      `c${i}d AS (DELETE FROM ${ident(child.name)} t USING r
        WHERE t.${ident(child.parentColumn)} = r.${ident(mapping.root.idColumn)}
          AND NOT EXISTS (SELECT 1 FROM c${i} c WHERE ${keyMatch}))`,
    );
    next += Object.keys(child.columns).length;
  });
  return `WITH ${ctes.join(',\n')}\nSELECT 1`;
}

/** The parameters of {@link strictUpsertText} for these rows: one array per column. */
export function strictUpsertValues(mapping: LegacyMapping, rows: readonly LegacyRows[]): unknown[][] {
  const columnsOf = (table: Table, tableRows: readonly LegacyRow[]) =>
    Object.keys(table.columns).map((c) => tableRows.map((row) => row[c] ?? null));
  return [
    ...columnsOf(
      mapping.root,
      rows.map((r) => r.root),
    ),
    ...mapping.children.flatMap((child) =>
      columnsOf(
        child,
        rows.flatMap((r) => r.children[child.name] ?? []),
      ),
    ),
  ];
}
