import { ConfigError } from '@outflow/runtime-lambda';
import { readConfig } from './config';

describe('Function: readConfig', () => {
  const deployed = {
    OPENSEARCH_ENDPOINT: 'https://search-orders-abc.eu-west-1.es.amazonaws.com',
    OPENSEARCH_INDEX_PREFIX: 'outflow-prod',
    AWS_REGION: 'eu-west-1',
  };

  it('reads a deployed configuration into a frozen object, signing in the Lambda’s Region', () => {
    const config = readConfig(deployed);
    expect(config).toEqual({
      endpoint: 'https://search-orders-abc.eu-west-1.es.amazonaws.com',
      indexPrefix: 'outflow-prod',
      region: 'eu-west-1',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads an unsigned local cluster when OPENSEARCH_SIGNING is off', () => {
    expect(
      readConfig({
        OPENSEARCH_ENDPOINT: 'http://localhost:9200',
        OPENSEARCH_INDEX_PREFIX: 'dev',
        OPENSEARCH_SIGNING: 'off',
      }),
    ).toEqual({ endpoint: 'http://localhost:9200', indexPrefix: 'dev' });
  });

  it('names every missing or bad key at once', () => {
    const error = (() => {
      try {
        return readConfig({ OPENSEARCH_ENDPOINT: 'search-orders', OPENSEARCH_SIGNING: 'maybe' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    for (const key of [
      'OPENSEARCH_INDEX_PREFIX is not set',
      'OPENSEARCH_ENDPOINT: expected an http(s) URL',
      'OPENSEARCH_SIGNING',
    ])
      expect((error as Error).message).toContain(key);
  });

  it('requires the Region for signed requests', () => {
    const { AWS_REGION: _, ...noRegion } = deployed;
    expect(() => readConfig(noRegion)).toThrow(/AWS_REGION is not set/);
  });
});
