import { ConfigError } from '@outflow/runtime-lambda';

export interface SearchSyncConfig {
  /** The OpenSearch endpoint, e.g. `https://search-outflow-….eu-west-1.es.amazonaws.com`. */
  readonly endpoint: string;
  /** Prefix of the indices and aliases, e.g. `outflow-prod` (write alias `outflow-prod-orders`). */
  readonly indexPrefix: string;
  /** AWS Region of the domain: requests are SigV4-signed. Absent: an unsigned cluster (local). */
  readonly region?: string;
}

const KEYS = {
  OPENSEARCH_ENDPOINT:
    'the OpenSearch endpoint URL (https://search-<domain>….es.amazonaws.com, or http://localhost:9200)',
  OPENSEARCH_INDEX_PREFIX: 'the prefix of the index and aliases, e.g. outflow-prod',
} as const;

const PREFIX = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Reads and validates every setting at once into a frozen config: OPENSEARCH_ENDPOINT and
 * OPENSEARCH_INDEX_PREFIX are required; the region is AWS_REGION (set by Lambda) unless
 * OPENSEARCH_SIGNING is `off` (a local, unsigned cluster).
 *
 * @throws ConfigError naming every missing or bad key and what it should hold.
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>): SearchSyncConfig {
  const problems: string[] = [];
  for (const [key, what] of Object.entries(KEYS)) if (!env[key]) problems.push(`${key} is not set: ${what}`);
  const endpoint = env['OPENSEARCH_ENDPOINT'] ?? '';
  if (endpoint && !/^https?:\/\/[^\s/]+/.test(endpoint))
    problems.push(`OPENSEARCH_ENDPOINT: expected an http(s) URL, got ${JSON.stringify(endpoint)}`);
  const prefix = env['OPENSEARCH_INDEX_PREFIX'] ?? '';
  if (prefix && !PREFIX.test(prefix))
    problems.push(
      `OPENSEARCH_INDEX_PREFIX: expected lowercase letters, digits, - or _, got ${JSON.stringify(prefix)}`,
    );
  const signing = env['OPENSEARCH_SIGNING'] ?? 'sigv4';
  if (signing !== 'sigv4' && signing !== 'off')
    problems.push(`OPENSEARCH_SIGNING: expected sigv4 (default) or off, got ${JSON.stringify(signing)}`);
  const region = env['AWS_REGION'];
  if (signing === 'sigv4' && !region)
    problems.push('AWS_REGION is not set: the Region of the OpenSearch domain (Lambda sets it)');
  if (problems.length > 0) throw new ConfigError('search-sync', problems);
  return Object.freeze({
    endpoint,
    indexPrefix: prefix,
    ...(signing === 'sigv4' ? { region: region as string } : {}),
  });
}
