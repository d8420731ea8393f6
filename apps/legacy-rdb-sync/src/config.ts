import { ConfigError } from '@outflow/runtime-lambda';

/** Where the consumer finds the legacy database. */
type DatabaseSetting =
  { readonly kind: 'secret'; readonly secretArn: string } | { readonly kind: 'url'; readonly url: string };

export interface LegacyRdbSyncConfig {
  readonly database: DatabaseSetting;
}

const DATABASE_KEYS = {
  LEGACY_DB_SECRET_ARN: 'the Secrets Manager secret with the database connection (deployed)',
  DATABASE_URL: 'a PostgreSQL server URL (local development and CI)',
} as const;

/**
 * Reads and validates every setting at once into a frozen config. Exactly one database setting
 * must be present; deployed stacks set only LEGACY_DB_SECRET_ARN (never credentials in plain env).
 * The embedded PGlite database of `npm start` is not a setting here: the Lambda never runs it, and
 * the local entry (src/local.ts) opens it and hands it to the composition root.
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>): LegacyRdbSyncConfig {
  const problems: string[] = [];
  const present = (Object.keys(DATABASE_KEYS) as (keyof typeof DATABASE_KEYS)[]).filter((key) => env[key]);
  if (present.length !== 1) {
    const options = Object.entries(DATABASE_KEYS)
      .map(([key, what]) => `  ${key}: ${what}`)
      .join('\n');
    problems.push(
      present.length === 0
        ? `no database setting: set exactly one of\n${options}`
        : `conflicting database settings ${present.join(', ')}: set exactly one of\n${options}`,
    );
  }
  if (problems.length > 0) throw new ConfigError('legacy-rdb-sync', problems);

  const key = present[0] as keyof typeof DATABASE_KEYS;
  const value = env[key] as string;
  const database: DatabaseSetting =
    key === 'LEGACY_DB_SECRET_ARN' ? { kind: 'secret', secretArn: value } : { kind: 'url', url: value };
  return Object.freeze({ database: Object.freeze(database) });
}
