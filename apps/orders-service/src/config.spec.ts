import { ConfigError } from '@outflow/runtime-lambda';
import { readConfig, readSearchConfig } from './config';

describe('Function: readConfig', () => {
  it('returns a frozen config from the environment', () => {
    // Act
    const config = readConfig({ TABLE_NAME: 'orders', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' });
    // Assess
    expect(config).toEqual({ tableName: 'orders', dynamoDbEndpoint: 'http://127.0.0.1:8000' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('leaves the endpoint out on AWS', () => {
    expect(readConfig({ TABLE_NAME: 'orders' })).toEqual({ tableName: 'orders' });
  });

  it('names every missing or bad key at once', () => {
    // Act
    const attempt = () => readConfig({ TABLE_NAME: ' ', DYNAMODB_ENDPOINT: 'localhost:8000' });
    // Assess
    expect(attempt).toThrow(
      'orders-service configuration is invalid:\n' +
        '- TABLE_NAME is missing: set it to the orders table name (serverless.ts sets it on AWS)\n' +
        '- DYNAMODB_ENDPOINT must be an http(s) URL such as http://127.0.0.1:8000, got "localhost:8000"',
    );
    let caught: unknown;
    try {
      attempt();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toHaveLength(2);
  });
});

describe('Function: readSearchConfig', () => {
  it('signs for the Lambda Region on AWS and not when signing is off', () => {
    const aws = readSearchConfig({
      OPENSEARCH_ENDPOINT: 'https://search-orders-abc.eu-west-1.es.amazonaws.com',
      OPENSEARCH_INDEX_PREFIX: 'outflow-prod',
      AWS_REGION: 'eu-west-1',
    });
    expect(aws).toEqual({
      endpoint: 'https://search-orders-abc.eu-west-1.es.amazonaws.com',
      indexPrefix: 'outflow-prod',
      region: 'eu-west-1',
    });
    expect(Object.isFrozen(aws)).toBe(true);
    expect(
      readSearchConfig({
        OPENSEARCH_ENDPOINT: 'http://127.0.0.1:9200',
        OPENSEARCH_INDEX_PREFIX: 'outflow-local',
        OPENSEARCH_SIGNING: 'off',
      }),
    ).toEqual({ endpoint: 'http://127.0.0.1:9200', indexPrefix: 'outflow-local' });
  });

  it('names every missing or bad key at once', () => {
    const attempt = () =>
      readSearchConfig({
        OPENSEARCH_ENDPOINT: 'search-orders',
        OPENSEARCH_INDEX_PREFIX: 'Prod',
        OPENSEARCH_SIGNING: 'no',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/OPENSEARCH_ENDPOINT must be an http\(s\) URL.*"search-orders"/);
    expect(attempt).toThrow(/OPENSEARCH_INDEX_PREFIX must be lowercase.*"Prod"/);
    expect(attempt).toThrow(/OPENSEARCH_SIGNING must be sigv4 \(default\) or off, got "no"/);
    expect(() => readSearchConfig({})).toThrow(
      /OPENSEARCH_ENDPOINT[\s\S]*OPENSEARCH_INDEX_PREFIX[\s\S]*AWS_REGION is not set/,
    );
  });
});
