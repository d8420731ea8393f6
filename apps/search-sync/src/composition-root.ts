import { ApplyChanges, type ProjectionStore } from '@outflow/core-application';
import {
  createOpenSearchClient,
  OpenSearchProjection,
  type OpenSearchClient,
} from '@outflow/opensearch-projection';
import { ordersSearchMapping } from '@outflow/orders';
import { Container } from 'inversify';
import { readConfig, type SearchSyncConfig } from './config';
import { TOKENS } from './tokens';

/**
 * Wires the consumer: OpenSearch client (SigV4 when a region is configured) →
 * OpenSearchProjection (the orders search mapping) → ApplyChanges. `client` replaces the
 * configured one (the local entry passes the emulator's or OPENSEARCH_URL's).
 */
export function createContainer(config: SearchSyncConfig, client?: OpenSearchClient): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(config);
  container.bind(TOKENS.OpenSearchClient).toResolvedValue(
    (c: SearchSyncConfig) =>
      client ??
      createOpenSearchClient({
        endpoint: c.endpoint,
        service: 'es',
        ...(c.region ? { region: c.region } : {}),
      }),
    [TOKENS.Config],
  );
  container
    .bind(TOKENS.ProjectionStore)
    .toResolvedValue(
      (c: SearchSyncConfig, os: OpenSearchClient) =>
        new OpenSearchProjection({ client: os, indexPrefix: c.indexPrefix, mappings: [ordersSearchMapping] }),
      [TOKENS.Config, TOKENS.OpenSearchClient],
    );
  container
    .bind(TOKENS.ApplyChanges)
    .toResolvedValue((store: ProjectionStore) => new ApplyChanges(store), [TOKENS.ProjectionStore]);
  return container;
}

/** The use case the queue handler drives, built from this process's environment (validated once). */
export function applyChangesFromEnvironment(): Promise<ApplyChanges> {
  return createContainer(readConfig(process.env)).getAsync(TOKENS.ApplyChanges);
}
