import type { Client } from '@opensearch-project/opensearch';
import { SEARCH_RESERVED_FIELDS, type Backoff, type SearchMapping } from '@outflow/core-application';
import { InvalidOpenSearchOptionsError } from './errors';

/** The client calls the projection makes (a `Client` of `@opensearch-project/opensearch` has them all). */
export type OpenSearchClient = Pick<
  Client,
  'bulk' | 'mget' | 'get' | 'search' | 'indices' | 'createPit' | 'deletePit'
>;

/** How item-level and request-level 429/5xx are retried: bounded, exponential, with full jitter. */
export interface OpenSearchRetryOptions extends Backoff {
  /**
   * Tries in all (the first included) before an item fails / the call throws.
   * @default 4
   */
  readonly maxAttempts: number;
}

export interface OpenSearchProjectionOptions {
  /** The client: `createOpenSearchClient({ endpoint, region })` for AWS, or any `Client`. */
  readonly client: OpenSearchClient;
  /**
   * Prefix of every index, template and alias name, e.g. `outflow-prod`: index
   * `<prefix>-orders-v1`, write alias `<prefix>-orders`, read alias `<prefix>-orders-read`.
   */
  readonly indexPrefix: string;
  /** One mapping per aggregate type this projection keeps, e.g. `[ordersSearchMapping]` from `@outflow/orders`. */
  readonly mappings: readonly SearchMapping[];
  /** @default { maxAttempts: 4, baseMs: 100, maxMs: 2000 } */
  readonly retry?: Partial<OpenSearchRetryOptions>;
  /**
   * Where the projection waits between retries (a timer); tests pass a recorder.
   * @default setTimeout
   */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Names of one aggregate type's index, aliases and template. */
export interface IndexNames {
  readonly template: string;
  /** The concrete index, `<prefix>-<indexName>-v<version>`. */
  readonly index: string;
  /** Every write and `read`/`list` goes here (tombstones included). */
  readonly writeAlias: string;
  /** Filtered on `deleted: false`: what searches use. */
  readonly readAlias: string;
}

const DEFAULT_RETRY: OpenSearchRetryOptions = { maxAttempts: 4, baseMs: 100, maxMs: 2000 };

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

export function indexNames(prefix: string, mapping: SearchMapping): IndexNames {
  const base = `${prefix}-${mapping.indexName}`;
  return {
    template: base,
    index: `${base}-v${mapping.version}`,
    writeAlias: base,
    readAlias: `${base}-read`,
  };
}

/**
 * Checks the options and fills the defaults.
 * @throws InvalidOpenSearchOptionsError naming `indexPrefix`, `mappings[i]` or `retry.*`.
 */
export function resolveOptions(options: OpenSearchProjectionOptions): {
  retry: OpenSearchRetryOptions;
  mappings: ReadonlyMap<string, SearchMapping>;
} {
  const problems: string[] = [];
  if (!NAME.test(options.indexPrefix))
    problems.push(
      `indexPrefix: expected lowercase letters, digits, - or _, got ${JSON.stringify(options.indexPrefix)}`,
    );
  options.mappings.forEach((m, i) => {
    if (!NAME.test(m.indexName)) problems.push(`mappings[${i}].indexName: not a valid index name part`);
    for (const reserved of SEARCH_RESERVED_FIELDS)
      if (reserved in m.fields) problems.push(`mappings[${i}].fields.${reserved}: reserved for the adapter`);
  });
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1)
    problems.push(`retry.maxAttempts: expected an integer ≥ 1, got ${retry.maxAttempts}`);
  if (!(retry.baseMs >= 0 && retry.maxMs >= retry.baseMs))
    problems.push(`retry: expected 0 ≤ baseMs ≤ maxMs, got ${retry.baseMs} and ${retry.maxMs}`);
  if (problems.length > 0)
    throw new InvalidOpenSearchOptionsError(
      `OpenSearchProjection options are invalid: ${problems.join('; ')}`,
    );
  return { retry, mappings: new Map(options.mappings.map((m) => [m.aggregateType, m])) };
}
