import type { SqlType, SqlValue } from '../mapping/legacy-mapping';

const CAST: Record<SqlType, string> = {
  text: 'text',
  integer: 'int',
  numeric: 'numeric',
  timestamptz: 'timestamptz',
  boolean: 'boolean',
};

/** Collects positional parameters; every placeholder carries an explicit cast. */
export class Params {
  readonly values: SqlValue[] = [];

  add(value: SqlValue, type: SqlType): string {
    this.values.push(value);
    return `$${this.values.length}::${CAST[type]}`;
  }
}

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * A relation of rows with the given typed columns: `(VALUES (...), ...)` or, with no rows, an
 * empty relation of the same types (VALUES cannot be empty).
 */
export function valuesRelation(
  params: Params,
  columns: ReadonlyArray<readonly [string, SqlType]>,
  rows: ReadonlyArray<Readonly<Record<string, SqlValue>>>,
): string {
  if (rows.length === 0) {
    return `SELECT ${columns.map(([name, type]) => `NULL::${CAST[type]} AS ${ident(name)}`).join(', ')} WHERE false`;
  }
  const tuples = rows.map((row) => `(${columns.map(([name, type]) => params.add(row[name] ?? null, type)).join(', ')})`);
  return `SELECT * FROM (VALUES ${tuples.join(', ')}) AS v(${columns.map(([name]) => ident(name)).join(', ')})`;
}
