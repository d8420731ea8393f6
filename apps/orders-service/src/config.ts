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
