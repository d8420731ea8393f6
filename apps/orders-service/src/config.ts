import { ConfigError } from '@outflow/runtime-lambda';

/** Settings of orders-service, read once from the environment by the composition root. */
export interface OrdersServiceConfig {
  /** The DynamoDB table holding orders and their outbox events (env TABLE_NAME). */
  readonly tableName: string;
  /** Set only for local runs against DynamoDB Local (env DYNAMODB_ENDPOINT, e.g. http://127.0.0.1:8000). */
  readonly dynamoDbEndpoint?: string;
}

/** Validates every key at once and returns a frozen config, or throws naming each problem. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): OrdersServiceConfig {
  const problems: string[] = [];
  const tableName = env['TABLE_NAME']?.trim();
  if (!tableName)
    problems.push('TABLE_NAME is missing: set it to the orders table name (serverless.ts sets it on AWS)');
  const endpoint = env['DYNAMODB_ENDPOINT']?.trim();
  if (endpoint && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    problems.push(
      `DYNAMODB_ENDPOINT must be an http(s) URL such as http://127.0.0.1:8000, got ${JSON.stringify(endpoint)}`,
    );
  }
  if (problems.length > 0) throw new ConfigError('orders-service', problems);
  return Object.freeze({
    tableName: tableName as string,
    ...(endpoint ? { dynamoDbEndpoint: endpoint } : {}),
  });
}

/** Settings of the search route (GET /orders/search), read on its first request. */
export interface OrdersSearchConfig {
  /** The OpenSearch endpoint (env OPENSEARCH_ENDPOINT), e.g. `https://search-outflow-….eu-west-1.es.amazonaws.com`. */
  readonly endpoint: string;
  /** Prefix of the indices and aliases (env OPENSEARCH_INDEX_PREFIX): searches read `<prefix>-orders-read`. */
  readonly indexPrefix: string;
  /** AWS Region of the domain: requests are SigV4-signed. Absent: an unsigned cluster (OPENSEARCH_SIGNING=off, local). */
  readonly region?: string;
}

const INDEX_PREFIX = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Reads and validates the search settings at once: OPENSEARCH_ENDPOINT (an http(s) URL) and
 * OPENSEARCH_INDEX_PREFIX are required; requests are signed for AWS_REGION unless OPENSEARCH_SIGNING is `off`.
 *
 * @throws ConfigError naming every missing or bad key and what it should hold.
 */
export function readSearchConfig(env: Readonly<Record<string, string | undefined>>): OrdersSearchConfig {
  const problems: string[] = [];
  const endpoint = env['OPENSEARCH_ENDPOINT']?.trim() ?? '';
  if (!/^https?:\/\/[^\s/]+/.test(endpoint))
    problems.push(
      `OPENSEARCH_ENDPOINT must be an http(s) URL of the search domain (serverless.ts sets it on AWS, npm start locally), got ${JSON.stringify(endpoint)}`,
    );
  const indexPrefix = env['OPENSEARCH_INDEX_PREFIX']?.trim() ?? '';
  if (!INDEX_PREFIX.test(indexPrefix))
    problems.push(
      `OPENSEARCH_INDEX_PREFIX must be lowercase letters, digits, - or _ (e.g. outflow-prod), got ${JSON.stringify(indexPrefix)}`,
    );
  const signing = env['OPENSEARCH_SIGNING'] ?? 'sigv4';
  if (signing !== 'sigv4' && signing !== 'off')
    problems.push(`OPENSEARCH_SIGNING must be sigv4 (default) or off, got ${JSON.stringify(signing)}`);
  const region = env['AWS_REGION'];
  if (signing === 'sigv4' && !region)
    problems.push('AWS_REGION is not set: the Region of the OpenSearch domain (Lambda sets it)');
  if (problems.length > 0) throw new ConfigError('orders-service search', problems);
  return Object.freeze({
    endpoint,
    indexPrefix,
    ...(signing === 'sigv4' ? { region: region as string } : {}),
  });
}

/** Settings of the view routes (GET /customers/{id}/summary, GET /stats/orders-by-status), read on their first request. */
export interface OrdersViewsConfig {
  /** The views table of views-sync (env VIEWS_TABLE_NAME; serverless.ts imports its export). */
  readonly tableName: string;
}

/**
 * Reads VIEWS_TABLE_NAME (a DynamoDB table name: 3–255 letters, digits, `_`, `-`, `.`).
 *
 * @throws ConfigError naming the missing or bad key and what it should hold.
 */
export function readViewsConfig(env: Readonly<Record<string, string | undefined>>): OrdersViewsConfig {
  const tableName = env['VIEWS_TABLE_NAME']?.trim() ?? '';
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName))
    throw new ConfigError('orders-service views', [
      `VIEWS_TABLE_NAME must be the views table name (serverless.ts imports views-sync's ViewsTableName export, npm start sets it), got ${JSON.stringify(tableName)}`,
    ]);
  return Object.freeze({ tableName });
}
