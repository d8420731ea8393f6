import { ConfigError } from '@outflow/runtime-lambda';
import { readConfig } from './config';

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
