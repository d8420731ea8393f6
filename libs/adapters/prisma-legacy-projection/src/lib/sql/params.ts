import type { SqlType, SqlValue } from '@outflow/core-application';

const CAST: Record<SqlType, string> = {
  text: 'text',
  integer: 'int',
  bigint: 'bigint',
  numeric: 'numeric',
  timestamptz: 'timestamptz',
  boolean: 'boolean',
};

/** Collects positional parameters; every placeholder carries an explicit cast. */
export class Params {
  readonly values: (SqlValue | readonly SqlValue[])[] = [];

  add(value: SqlValue, type: SqlType): string {
    this.values.push(value);
    return `$${this.values.length}::${CAST[type]}`;
  }

  /** One array parameter (a column of values), cast to an array of `type`. */
  addArray(values: readonly SqlValue[], type: SqlType): string {
    this.values.push(values);
    return `$${this.values.length}::${CAST[type]}[]`;
  }
}

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * A relation of rows with the given typed columns, as `unnest` of one array parameter per column:
 * a batch costs as many parameters as there are columns, not rows × columns, which keeps
 * PostgreSQL's parse and bind work small. With no rows it is an empty relation of the same types.
 */
export function valuesRelation(
  params: Params,
  columns: ReadonlyArray<readonly [string, SqlType]>,
  rows: ReadonlyArray<Readonly<Record<string, SqlValue>>>,
): string {
  if (rows.length === 0) {
    return `SELECT ${columns.map(([name, type]) => `NULL::${CAST[type]} AS ${ident(name)}`).join(', ')} WHERE false`;
  }
  const arrays = columns.map(([name, type]) =>
    params.addArray(
      rows.map((row) => row[name] ?? null),
      type,
    ),
  );
  return `SELECT * FROM unnest(${arrays.join(', ')}) AS v(${columns.map(([name]) => ident(name)).join(', ')})`;
}
