import type { AggregateState, Result, ValidationError } from '@outflow/core-domain';

/** A field of a search document and how the search engine indexes it. */
export type SearchField =
  | { readonly type: 'keyword' | 'text' | 'long' | 'integer' | 'date' | 'boolean' }
  | { readonly type: 'nested' | 'object'; readonly properties: Readonly<Record<string, SearchField>> };

/** A search document: plain JSON data (numbers, strings, booleans, arrays and objects of them). */
export type SearchDocument = Readonly<Record<string, unknown>>;

/**
 * How one aggregate type lands in a search index — the contract between a bounded context, which
 * owns its mapping (e.g. `ordersSearchMapping` in `@outflow/orders`), and a search projection
 * adapter (`OpenSearchProjection`), which knows mappings and never a domain. Pure data and
 * functions: no search client.
 *
 * The adapter adds its own fields to every document (`aggregateId`, `version`, `deleted`), so a
 * mapping must not declare them.
 */
export interface SearchMapping {
  readonly aggregateType: string;
  /** The index name's part for this type, e.g. `orders` (index `<prefix>-orders-v1`). */
  readonly indexName: string;
  /**
   * The mapping's version: the concrete index is `<prefix>-<indexName>-v<version>`; a change of
   * `fields` is a new version, reindexed behind the aliases.
   */
  readonly version: number;
  /** Explicit mappings of the document's fields (the index refuses fields it does not know). */
  readonly fields: Readonly<Record<string, SearchField>>;
  /** The document of a valid state; validates it and names each bad field. */
  toDocument(aggregateId: string, state: AggregateState): Result<SearchDocument, ValidationError>;
  /** Rebuilds the state from a document as the index returns it (`_source`, without the adapter's fields). */
  fromDocument(document: SearchDocument): AggregateState;
}

/** Field names every search document carries, written by the adapter (a mapping must not use them). */
export const SEARCH_RESERVED_FIELDS = ['aggregateId', 'version', 'deleted'] as const;
