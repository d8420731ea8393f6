// `@outflow/opensearch-projection/testing`: the Order search mapping with one hole
// (refused by OpenSearch), a fake client for unit specs and the suite every OpenSearch lane runs.
// For specs only.
export * from './lib/testing/unguarded-search-orders';
export * from './lib/testing/fake-client';
export * from './lib/testing/opensearch-projection.suite';
