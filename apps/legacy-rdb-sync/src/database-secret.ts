import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '@outflow/runtime-lambda';

/**
 * The connection URL from a Secrets Manager secret: either `{"url": "postgresql://…"}` or the
 * shape RDS writes for managed credentials (`username`, `password`, `host`, `port`, `dbname`).
 *
 * @internal Exported for its spec, which checks both secret shapes directly.
 */
export function databaseUrlFromSecret(secretString: string, secretArn: string): string {
  let secret: Record<string, unknown>;
  try {
    secret = JSON.parse(secretString);
  } catch {
    throw new ConfigError('legacy-rdb-sync', [
      `secret ${secretArn} is not JSON; expected {"url": …} or RDS credentials`,
    ]);
  }
  if (typeof secret['url'] === 'string') return secret['url'];
  const missing = ['username', 'password', 'host'].filter((k) => typeof secret[k] !== 'string');
  if (missing.length > 0)
    throw new ConfigError('legacy-rdb-sync', [
      `secret ${secretArn} lacks ${missing.join(', ')} (or a "url")`,
    ]);
  const user = encodeURIComponent(secret['username'] as string);
  const password = encodeURIComponent(secret['password'] as string);
  const port = secret['port'] ?? 5432;
  const dbname = (secret['dbname'] as string | undefined) ?? 'postgres';
  return `postgresql://${user}:${password}@${secret['host']}:${port}/${dbname}`;
}

/** Reads the secret once per cold start (the handler caches the resolved use case). */
export async function fetchDatabaseUrl(
  secretArn: string,
  client = new SecretsManagerClient({}),
): Promise<string> {
  const output = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!output.SecretString)
    throw new ConfigError('legacy-rdb-sync', [`secret ${secretArn} has no SecretString`]);
  return databaseUrlFromSecret(output.SecretString, secretArn);
}
