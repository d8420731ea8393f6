import { Client } from '@opensearch-project/opensearch';
import { startOpenSearchEmulator } from '@outflow/opensearch-emulator';
import { ordersSearchMapping } from '@outflow/orders';
import { describeOrderSearchContract } from '@outflow/testing';
import { OpenSearchOrderSearch } from './opensearch-order-search';
import { OpenSearchProjection } from './opensearch-projection';

describeOrderSearchContract('OpenSearchOrderSearch on the local emulator', async () => {
  const emulator = await startOpenSearchEmulator();
  const client = new Client({ node: emulator.url });
  return {
    store: new OpenSearchProjection({ client, indexPrefix: 'search', mappings: [ordersSearchMapping] }),
    search: new OpenSearchOrderSearch({ client, indexPrefix: 'search' }),
    settle: async () => {
      await client.indices.refresh({ index: 'search-orders' });
    },
    close: () => emulator.stop(),
  };
});

describe('Class: OpenSearchOrderSearch (emulator specifics)', () => {
  it('answers no hits before the index exists', async () => {
    const emulator = await startOpenSearchEmulator();
    try {
      const search = new OpenSearchOrderSearch({
        client: new Client({ node: emulator.url }),
        indexPrefix: 'none',
      });
      expect(await search.search({ limit: 5 })).toEqual({ items: [] });
    } finally {
      await emulator.stop();
    }
  });
});
