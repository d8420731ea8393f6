import { ConfigError } from '@outflow/runtime-lambda';

export interface ViewsSyncConfig {
  /** The views table, e.g. `outflow-views-prod-views` (its export `outflow-views-<stage>-ViewsTableName`). */
  readonly tableName: string;
}

/**
 * Reads and validates every setting at once into a frozen config: VIEWS_TABLE_NAME is required
 * (3–255 letters, digits, `_`, `-`, `.`: DynamoDB's table name rule).
 *
 * @throws ConfigError naming every missing or bad key and what it should hold.
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>): ViewsSyncConfig {
  const problems: string[] = [];
  const tableName = env['VIEWS_TABLE_NAME'] ?? '';
  if (!tableName)
    problems.push('VIEWS_TABLE_NAME is not set: the views table name, e.g. outflow-views-prod-views');
  else if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName))
    problems.push(
      `VIEWS_TABLE_NAME: expected 3–255 letters, digits, _, - or . (a DynamoDB table name), got ${JSON.stringify(tableName)}`,
    );
  if (problems.length > 0) throw new ConfigError('views-sync', problems);
  return Object.freeze({ tableName });
}
