// legacy-rdb-sync: the downstream the migration exists for. Its consumer Lambda applies Outflow
// changes to the legacy relational database.
//
// This file declares only what is the app's own: the function (handler, timeout, memory,
// environment), the VPC, the parameters and the IAM for its store (the database secret). The
// `legacy-rdb` subscription (delivery `per-aggregate`) — its rule, standard buffer queue, re-keying
// Pipe and its role, FIFO queue, DLQs, queue policy and alarms — comes from the topology through
// `appResources` (@outflow/topology), and the consumer's timeout, memory, reserved concurrency and
// sqs event (batch size, partial batch responses, maximum concurrency) through `consumerFunction`,
// exactly as the local runtime (npm start) runs them. osls loads this file through tsx.
//
// Package: `npx serverless package` (offline; placeholder parameters, see `params.default`).
// Deploy after the backbone (`serverless deploy` at the repository root), with real parameters:
//   npx serverless deploy --stage prod \
//     --param="legacyDbSecretArn=arn:aws:secretsmanager:…:secret:legacy-db-…" \
//     --param="subnetIds=subnet-aaa,subnet-bbb" --param="securityGroupIds=sg-ccc"
// The secret holds {"url": "postgresql://…"} or the RDS-managed shape (username, password, host,
// port, dbname); the function reads it at cold start. No credential is ever in its environment.
import {
  APP_PACKAGING,
  APP_PLUGINS,
  appProvider,
  appResources,
  consumerEnvironment,
  consumerFunction,
  consumerIamStatements,
  outflowTopology,
  shared,
  subscriptionNamed,
} from '@outflow/topology';
import type { AWS } from 'osls/types';

const service = 'outflow-legacy-rdb-sync';

const subscription = subscriptionNamed(outflowTopology, 'legacy-rdb');
const generated = appResources(outflowTopology, 'legacy-rdb-sync', {
  service,
  stage: '${sls:stage}',
  backbone: shared('backbone'),
});

const config: AWS = {
  service,
  frameworkVersion: '>=3 <5',
  plugins: APP_PLUGINS,
  params: {
    // Packaging placeholders, so `serverless package` works offline with no parameters. A deploy
    // with them fails (no such subnets): every real stage passes its own values with --param.
    default: {
      legacyDbSecretArn: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:outflow-legacy-db-placeholder',
      subnetIds: 'subnet-00000000000000001,subnet-00000000000000002',
      securityGroupIds: 'sg-00000000000000001',
    },
  },
  provider: {
    ...appProvider(),
    // The legacy database lives in a VPC; the function runs in its subnets.
    vpc: {
      subnetIds: { 'Fn::Split': [',', '${param:subnetIds}'] },
      securityGroupIds: { 'Fn::Split': [',', '${param:securityGroupIds}'] },
    },
    iam: {
      role: {
        statements: [
          // Permanent failures (oversized, malformed) go to this consumer queue's DLQ at once.
          ...consumerIamStatements(subscription),
          // The database connection, read once per cold start: this one secret, nothing else.
          {
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: '${param:legacyDbSecretArn}',
          },
        ],
      },
    },
  },
  ...APP_PACKAGING,
  functions: {
    applyToLegacyDb: {
      handler: 'src/handlers/queue-apply.handler.handler',
      description:
        'Applies Outflow changes to the legacy relational database (version-guarded, idempotent, batched)',
      environment: {
        // The lag metric's service dimension and namespace (the topology's, alarmed by it).
        ...consumerEnvironment(subscription),
        // An ARN, not a credential: the function fetches the secret it names.
        LEGACY_DB_SECRET_ARN: '${param:legacyDbSecretArn}',
        LOG_LEVEL: 'info',
      },
      // The subscription's consumer: timeout (its FIFO queue's visibility timeout is 6 × this),
      // memory, and the sqs event on the generated FIFO queue (the topology's batch size, failed
      // messages reported one by one, at most `maximumConcurrency` batches at once).
      ...consumerFunction(subscription),
    },
  },
  resources: generated,
};

export default config;
