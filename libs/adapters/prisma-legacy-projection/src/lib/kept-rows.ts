import { canonicalJson, type LegacyMapping, type LegacyTable, type SqlType } from '@outflow/core-application';

type Row = Readonly<Record<string, unknown>>;

/** Exact decimal text without trailing fraction zeros (`"59.90"` → `"59.9"`, `"-0.00"` → `"0"`). */
function decimalText(value: unknown): string {
  const text = String(value).trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) return text;
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const sign = match[1] === '-' && (/[1-9]/.test(whole) || fraction !== '') ? '-' : '';
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** One column value in the form both sides agree on, whatever the driver returns for its type. */
function canonicalValue(type: SqlType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'text':
      return String(value);
    case 'integer':
      return Number(value);
    case 'numeric':
      return decimalText(value);
    case 'boolean':
      return value === true || value === 't' || value === 'true';
    case 'timestamptz': {
      const date = value instanceof Date ? value : new Date(String(value));
      return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
    }
  }
}

const canonicalRow = (table: LegacyTable, row: Row) =>
  Object.fromEntries(
    Object.entries(table.columns).map(([column, type]) => [column, canonicalValue(type, row[column])]),
  );

const keyText = (table: LegacyTable, row: Row) =>
  canonicalJson(table.key.map((column) => row[column] ?? null));

/**
 * The fields the legacy tables keep for one aggregate, in a canonical form: each column of the
 * mapping by its SQL type (numerics as exact decimal text, timestamps as ISO-8601 UTC instants),
 * child rows sorted by their key. The same for rows as `toRows` builds them and as the database
 * returns them, so `projectionHash` of it compares a source state with what the store holds.
 */
export function keptRows(
  mapping: LegacyMapping,
  root: Row | undefined,
  children: Readonly<Record<string, readonly Row[]>>,
): unknown {
  return {
    root: root ? canonicalRow(mapping.root, root) : null,
    children: Object.fromEntries(
      mapping.children.map((child) => [
        child.name,
        (children[child.name] ?? [])
          .map((row) => canonicalRow(child, row))
          .sort((a, b) =>
            keyText(child, a) < keyText(child, b) ? -1 : keyText(child, a) > keyText(child, b) ? 1 : 0,
          ),
      ]),
    ),
  };
}
