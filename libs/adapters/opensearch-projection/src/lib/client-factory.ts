import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws';
import { InvalidOpenSearchOptionsError, OpenSearchServerlessNotSupportedError } from './errors';

export interface OpenSearchClientOptions {
  /** `https://search-<domain>-<id>.<region>.es.amazonaws.com` (a VPC or public domain endpoint), or a local URL. */
  readonly endpoint: string;
  /**
   * AWS Region of the domain: requests are signed with SigV4 (credentials from the default
   * provider chain: the Lambda role). Omit for an unsigned cluster (local, emulator).
   */
  readonly region?: string;
  /**
   * `es`: Amazon OpenSearch Service. `aoss` (OpenSearch Serverless) is refused, see
   * {@link OpenSearchServerlessNotSupportedError}.
   * @default 'es'
   */
  readonly service?: 'es' | 'aoss';
  /** @default 10000 */
  readonly requestTimeoutMs?: number;
}

/**
 * The OpenSearch client the projection uses. With `region`, requests are signed by the client's
 * AWS signer (`AwsSigv4Signer`, service `es`; https://docs.opensearch.org/latest/clients/javascript/index/
 * "Authenticating with Amazon OpenSearch Service"). The client's own retries are off
 * (`maxRetries: 0`): the projection retries, bounded, with backoff and jitter.
 *
 * @throws OpenSearchServerlessNotSupportedError for `service: 'aoss'`.
 * @throws InvalidOpenSearchOptionsError when `endpoint` is not an http(s) URL.
 */
export function createOpenSearchClient(options: OpenSearchClientOptions): Client {
  if (options.service === 'aoss') throw new OpenSearchServerlessNotSupportedError();
  let url: URL | undefined;
  try {
    url = new URL(options.endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new InvalidOpenSearchOptionsError(
      `endpoint: expected an http(s) URL such as https://search-<domain>.<region>.es.amazonaws.com, got ${JSON.stringify(options.endpoint)}`,
    );
  const common = { node: url.toString(), maxRetries: 0, requestTimeout: options.requestTimeoutMs ?? 10_000 };
  if (options.region === undefined) return new Client(common);
  const signer = AwsSigv4Signer({ region: options.region, service: 'es', getCredentials: defaultProvider() });
  return new Client({ ...signer, ...common });
}
