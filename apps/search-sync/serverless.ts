// search-sync: keeps order search in sync. Its consumer Lambda applies Outflow changes to an
// Amazon OpenSearch Service domain (OpenSearchProjection: external versions, tombstones).
//
// This file declares only what is the app's own: the function, the parameters and the IAM for its
// store. The `search` subscription (delivery `unordered`) — its rule, standard queue, DLQs, queue
// policy and alarms — comes from the topology through `appResources` (@outflow/topology), and the
// consumer's timeout, memory and sqs event through `consumerFunction`, exactly as `npm start` runs
// them. osls loads this file through tsx.
//
// Package: `npx serverless package` (offline; placeholder parameters, see `params.default`).
// Deploy after the backbone, with real parameters:
//   npx serverless deploy --stage prod \
//     --param="openSearchEndpoint=https://search-orders-abc123.eu-west-1.es.amazonaws.com" \
//     --param="openSearchDomain=orders"
// The domain: Amazon OpenSearch Service WITHOUT fine-grained access control, its resource-based
// policy trusting this function's role (or open to the account). OpenSearch Serverless is refused.
// Public endpoint: as is. VPC endpoint: add `provider.vpc` (subnetIds, securityGroupIds reaching
// the domain's security group on 443) as apps/legacy-rdb-sync/serverless.ts does.
import {
  APP_PACKAGING,
  APP_PLUGINS,
  appProvider,
  appResources,
  consumerEnvironment,
  consumerFunction,
  consumerIamStatements,
  OPENSEARCH_PLACEHOLDERS,
  openSearchDomainPath,
  outflowTopology,
  shared,
  subscriptionNamed,
} from '@outflow/topology';
import type { AWS } from 'osls/types';

const service = 'outflow-search-sync';

const subscription = subscriptionNamed(outflowTopology, 'search');
const generated = appResources(outflowTopology, 'search-sync', {
  service,
  stage: '${sls:stage}',
  backbone: shared('backbone'),
});

/** The indices, aliases and template of this stage: `<prefix>-orders-v1`, `<prefix>-orders`, `<prefix>-orders-read`. */
const indexPrefix = 'outflow-${sls:stage}';

const config: AWS = {
  service,
  frameworkVersion: '>=3 <5',
  plugins: APP_PLUGINS,
  params: {
    // Packaging placeholders, so `serverless package` works offline with no parameters.
    default: {
      ...OPENSEARCH_PLACEHOLDERS,
    },
  },
  provider: {
    ...appProvider(),
    iam: {
      role: {
        statements: [
          // Permanent failures (oversized, malformed) go to this consumer queue's DLQ at once.
          ...consumerIamStatements(subscription),
          // Only this stage's order indices and aliases (bulk goes to /<alias>/_bulk, never /_bulk)
          // and its index template, created on first use.
          {
            Effect: 'Allow',
            Action: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut'],
            Resource: [
              openSearchDomainPath(`${indexPrefix}-orders*`),
              openSearchDomainPath(`_index_template/${indexPrefix}-orders`),
            ],
          },
        ],
      },
    },
  },
  ...APP_PACKAGING,
  functions: {
    applyToSearch: {
      handler: 'src/handlers/queue-apply.handler.handler',
      description: 'Applies Outflow order changes to OpenSearch (external versions, tombstones, idempotent)',
      environment: {
        // The lag metric's service dimension and namespace (the topology's, alarmed by it).
        ...consumerEnvironment(subscription),
        OPENSEARCH_ENDPOINT: '${param:openSearchEndpoint}',
        OPENSEARCH_INDEX_PREFIX: indexPrefix,
        LOG_LEVEL: 'info',
      },
      // The subscription's consumer: timeout, memory, and the sqs event on the generated standard
      // queue (the topology's batch size, failed messages reported one by one).
      ...consumerFunction(subscription),
    },
  },
  resources: generated,
};

export default config;
