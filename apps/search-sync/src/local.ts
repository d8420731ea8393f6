// search-sync's consumer for `npm start` (package.json exports["./local"]): the outflow CLI loads
// it for the `search` subscription. Against the OpenSearch at OPENSEARCH_URL when set, otherwise
// the local OpenSearch emulator (@outflow/opensearch-emulator), started here and stopped on dispose.
import { Client } from '@opensearch-project/opensearch';
import { startOpenSearchEmulator, type OpenSearchEmulator } from '@outflow/opensearch-emulator';
import { createSqsApplyHandler } from '@outflow/runtime-lambda';
import { LocalSubscriptionError, type LocalSubscriptionFactory } from '@outflow/runtime-local';
import { ORDER_AGGREGATE_TYPE } from '@outflow/orders';
import { join } from 'node:path';
import { createContainer } from './composition-root';
import { restoreSnapshot, saveSnapshot } from './emulator-snapshot';
import { TOKENS } from './tokens';

/**
 * Wires the consumer through the same composition root and handler factory as the deployed
 * Lambda, against OPENSEARCH_URL (index prefix OPENSEARCH_INDEX_PREFIX, default `outflow-local`)
 * or a fresh emulator (its data lives in memory: `npm start` re-fills it from the stream only for
 * changes it has not yet checkpointed).
 *
 * @throws LocalSubscriptionError when OPENSEARCH_URL cannot be reached or the emulator cannot start.
 */
export const createLocalSubscription: LocalSubscriptionFactory = async (stack) => {
  const url = stack.env['OPENSEARCH_URL'];
  let emulator: OpenSearchEmulator | undefined;
  try {
    emulator = url ? undefined : await startOpenSearchEmulator();
    const node = url ?? (emulator as OpenSearchEmulator).url;
    const client = new Client({ node, maxRetries: 0 });
    if (url) await client.info();
    const config = { endpoint: node, indexPrefix: stack.env['OPENSEARCH_INDEX_PREFIX'] || 'outflow-local' };
    const container = createContainer(config, client);
    const [applyChanges, store] = await Promise.all([
      container.getAsync(TOKENS.ApplyChanges),
      container.getAsync(TOKENS.ProjectionStore),
    ]);
    // The emulator keeps its data in memory: what it held when `npm start` last stopped comes back.
    const snapshot = join(stack.dataDir, 'search-emulator.json');
    if (emulator) await restoreSnapshot(store, snapshot);
    return {
      handler: createSqsApplyHandler(applyChanges),
      store,
      // orders-service's GET /orders/search reads the same OpenSearch (unsigned locally).
      apiEnv: {
        OPENSEARCH_ENDPOINT: node,
        OPENSEARCH_INDEX_PREFIX: config.indexPrefix,
        OPENSEARCH_SIGNING: 'off',
      },
      describe: url
        ? `OpenSearch at OPENSEARCH_URL (${url})`
        : `local OpenSearch emulator at ${node} (in memory, saved to ${snapshot} on stop)`,
      dispose: async () => {
        if (emulator && stack.purpose === 'run') await saveSnapshot(store, ORDER_AGGREGATE_TYPE, snapshot);
        client.close();
        await emulator?.stop();
      },
    };
  } catch (error) {
    await emulator?.stop().catch(() => undefined);
    throw new LocalSubscriptionError(
      url
        ? `Cannot reach the OpenSearch in OPENSEARCH_URL (${url}): ${(error as Error).message}. Start it (README, "Search downstream") or unset OPENSEARCH_URL to use the local emulator.`
        : `Cannot start the local OpenSearch emulator: ${(error as Error).message}.`,
      { cause: error },
    );
  }
};
