import { createOpenSearchClient } from './client-factory';
import { InvalidOpenSearchOptionsError, OpenSearchServerlessNotSupportedError } from './errors';

describe('Function: createOpenSearchClient', () => {
  it('refuses OpenSearch Serverless with a clear error', () => {
    expect(() =>
      createOpenSearchClient({
        endpoint: 'https://x.aoss.amazonaws.com',
        region: 'eu-west-1',
        service: 'aoss',
      }),
    ).toThrow(OpenSearchServerlessNotSupportedError);
  });

  it('refuses an endpoint that is not an http(s) URL, naming it', () => {
    expect(() => createOpenSearchClient({ endpoint: 'search-domain.es.amazonaws.com' })).toThrow(
      InvalidOpenSearchOptionsError,
    );
    expect(() => createOpenSearchClient({ endpoint: 'ftp://x' })).toThrow(
      /endpoint: expected an http\(s\) URL/,
    );
  });

  it('builds a SigV4-signing client for a domain, and a plain one without a region', () => {
    const connectionOf = (client: unknown) =>
      (client as { connectionPool: { connections: Array<{ constructor: { name: string }; url: URL }> } })
        .connectionPool.connections[0];
    const signed = connectionOf(
      createOpenSearchClient({
        endpoint: 'https://search-d.eu-west-1.es.amazonaws.com',
        region: 'eu-west-1',
      }),
    );
    const plain = connectionOf(createOpenSearchClient({ endpoint: 'http://127.0.0.1:9200' }));
    expect([signed?.constructor.name, signed?.url.href]).toEqual([
      'AwsSigv4SignerConnection',
      'https://search-d.eu-west-1.es.amazonaws.com/',
    ]);
    expect([plain?.constructor.name, plain?.url.href]).toEqual(['Connection', 'http://127.0.0.1:9200/']);
  });
});
