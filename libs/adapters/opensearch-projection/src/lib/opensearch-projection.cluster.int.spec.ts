import { Client } from '@opensearch-project/opensearch';
import { describeOpenSearchProjectionSuite } from '../testing';

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
} else {
  describe.skip('OpenSearch cluster lane (skipped: OPENSEARCH_URL not set — run with OPENSEARCH_URL=http://localhost:9200 after starting OpenSearch, see README "Search downstream")', () => {
    it('runs the ProjectionStore contract against a real cluster', () => undefined);
  });
}
