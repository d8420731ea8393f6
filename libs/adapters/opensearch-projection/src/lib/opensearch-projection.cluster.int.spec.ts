import { Client } from '@opensearch-project/opensearch';
import { ordersSearchMapping } from '@outflow/orders';
import { describeOrderSearchContract } from '@outflow/testing';
import { describeOpenSearchProjectionSuite } from '../testing';
import { OpenSearchOrderSearch } from './opensearch-order-search';
import { OpenSearchProjection } from './opensearch-projection';

// The real-cluster lane: runs when OPENSEARCH_URL names an OpenSearch (README, "Search downstream"):
//   docker run -p 9200:9200 -e discovery.type=single-node -e DISABLE_SECURITY_PLUGIN=true opensearchproject/opensearch:2
//   OPENSEARCH_URL=http://localhost:9200 npm test
const url = process.env['OPENSEARCH_URL'];

if (url) {
  describeOpenSearchProjectionSuite(`OpenSearch at ${url}`, async () => ({
    client: new Client({ node: url }),
    // A fresh prefix per run: the cluster keeps what earlier runs wrote.
    indexPrefix: `outflow-test-${Date.now().toString(36)}`,
    stop: async () => undefined,
  }));
  describeOrderSearchContract(`OpenSearchOrderSearch at ${url}`, async () => {
    const client = new Client({ node: url });
    const indexPrefix = `outflow-search-${Date.now().toString(36)}`;
    return {
      store: new OpenSearchProjection({ client, indexPrefix, mappings: [ordersSearchMapping] }),
      search: new OpenSearchOrderSearch({ client, indexPrefix }),
      settle: async () => {
        await client.indices.refresh({ index: `${indexPrefix}-orders` });
      },
    };
  });
} else {
  describe.skip('OpenSearch cluster lane (skipped: OPENSEARCH_URL not set — run with OPENSEARCH_URL=http://localhost:9200 after starting OpenSearch, see README "Search downstream")', () => {
    it('runs the ProjectionStore and OrderSearch contracts against a real cluster', () => undefined);
  });
}
