// search-sync's store for operator commands on a deployed stage (package.json exports["./ops"]):
// `outflow reconcile --stage <stage>` loads it for the `search` subscription and lists the index
// through the same OpenSearchProjection the consumer writes with (SigV4-signed, service `es`).
import { createOpenSearchClient } from '@outflow/opensearch-projection';
import type { OperatorStoreFactory } from '@outflow/runtime-lambda';
import { createContainer } from './composition-root';
import { readConfig } from './config';
import { TOKENS } from './tokens';

/**
 * Opens the stage's order search: OPENSEARCH_ENDPOINT from the operator's environment (the
 * domain endpoint search-sync was deployed with); the index prefix `outflow-<stage>` as
 * deployed unless OPENSEARCH_INDEX_PREFIX says otherwise; signed for the stage's Region unless
 * OPENSEARCH_SIGNING=off.
 *
 * @throws ConfigError naming each missing or bad setting.
 */
export const createOperatorStore: OperatorStoreFactory = async (context) => {
  const config = readConfig({
    OPENSEARCH_INDEX_PREFIX: `outflow-${context.stage}`,
    ...context.env,
    AWS_REGION: context.region,
  });
  const client = createOpenSearchClient({
    endpoint: config.endpoint,
    service: 'es',
    ...(config.region ? { region: config.region } : {}),
  });
  const store = await createContainer(config, client).getAsync(TOKENS.ProjectionStore);
  return {
    store,
    describe: `OpenSearch at ${config.endpoint} (indices ${config.indexPrefix}-*)`,
    dispose: () => client.close(),
  };
};
