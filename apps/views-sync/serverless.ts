// views-sync: keeps the order views (per-customer summaries, counts by status) in a DynamoDB table.
// Its consumer Lambda applies Outflow changes with DynamoDbViewsStore: one TransactWriteItems per
// change (ledger version condition + counter moves), exact under duplicates and reordering.
//
// This file declares only what is the app's own: the function, its table (the views table,
// exported for readers as `outflow-views-<stage>-ViewsTableName`) and the IAM for that table. The
// `views` subscription (delivery `unordered`) — its rule, standard queue, DLQs, queue policy and
// alarms — comes from the topology through `appResources` (@outflow/topology), and the consumer's
// timeout, memory and sqs event through `consumerFunction`, exactly as `npm start` runs them.
// osls loads this file through tsx.
//
// Package: `npx serverless package` (offline, no parameters).
// Deploy after the backbone and BEFORE orders-service (its view routes import the table export):
//   npx serverless deploy --stage prod
import { viewsTableDefinition } from '@outflow/dynamodb-views';
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

const service = 'outflow-views';

const subscription = subscriptionNamed(outflowTopology, 'views');
const generated = appResources(outflowTopology, 'views-sync', {
  service,
  stage: '${sls:stage}',
  backbone: shared('backbone'),
});

const { TableName: _local, ...table } = viewsTableDefinition('unused');

const config: AWS = {
  service,
  frameworkVersion: '>=3 <5',
  plugins: APP_PLUGINS,
  provider: {
    ...appProvider(),
    iam: {
      role: {
        statements: [
          // Permanent failures (oversized, malformed) go to this consumer queue's DLQ at once.
          ...consumerIamStatements(subscription),
          // DynamoDbViewsStore: GetItem (ledger, strongly consistent), TransactWriteItems of one
          // PutItem (ledger) and UpdateItems (counters), Query of the ledger index (listing for a
          // reconcile). Only the views table and its index.
          {
            Effect: 'Allow',
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
            Resource: [
              { 'Fn::GetAtt': ['ViewsTable', 'Arn'] },
              { 'Fn::Join': ['/', [{ 'Fn::GetAtt': ['ViewsTable', 'Arn'] }, 'index', '*']] },
            ],
          },
        ],
      },
    },
  },
  ...APP_PACKAGING,
  functions: {
    applyToViews: {
      handler: 'src/handlers/queue-apply.handler.handler',
      description: 'Applies Outflow order changes to the views table (ledger versions, exact counters)',
      environment: {
        // The lag metric's service dimension and namespace (the topology's, alarmed by it).
        ...consumerEnvironment(subscription),
        // Not a secret: the table's name, resolved by CloudFormation.
        VIEWS_TABLE_NAME: { Ref: 'ViewsTable' },
        LOG_LEVEL: 'info',
      },
      // The subscription's consumer: timeout, memory, and the sqs event on the generated standard
      // queue (the topology's batch size, failed messages reported one by one).
      ...consumerFunction(subscription),
    },
  },
  resources: {
    Resources: {
      // The app's own store: the very definition local tables are created from.
      ViewsTable: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          TableName: `${service}-\${sls:stage}-views`,
          ...table,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      },
      ...generated.Resources,
    },
    Outputs: {
      // Readers (orders-service's view routes) import the name: `Fn::ImportValue`.
      ViewsTableName: {
        Value: { Ref: 'ViewsTable' },
        Export: { Name: `${service}-\${sls:stage}-ViewsTableName` },
      },
      ...generated.Outputs,
    },
  },
};

export default config;
