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
    expect(
      createOpenSearchClient({
        endpoint: 'https://search-d.eu-west-1.es.amazonaws.com',
        region: 'eu-west-1',
      }),
    ).toBeDefined();
    expect(createOpenSearchClient({ endpoint: 'http://127.0.0.1:9200' })).toBeDefined();
  });
});
