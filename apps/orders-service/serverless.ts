// orders-service: the example source service. An HTTP API (one Lambda per route) writes each order
// and its outbox event in ONE DynamoDB write; the table's stream carries every committed change.
//
// This file declares only what is the app's own: its functions, its table (its store) and the IAM
// for that table. The table's ONE stream reader — the EventBridge Pipe to the bus, its role, DLQ
// and alarms — comes from the topology through `appResources` (@outflow/topology), exactly as the
// local runtime (npm start) runs it. osls loads this file through tsx.
//
// Package: `npx serverless package` (offline; placeholder parameters, see `params.default`).
// Deploy after the backbone, search-sync's domain and views-sync (whose ViewsTableName export the
// view routes import), with real parameters:
//   npx serverless deploy --stage prod \
//     --param="openSearchEndpoint=https://search-orders-abc123.eu-west-1.es.amazonaws.com" \
//     --param="openSearchDomain=orders"
// GET /orders/search reads the READ alias `outflow-<stage>-orders-read` of that domain (read-only
// IAM below). Public endpoint: as is. VPC endpoint: add `provider.vpc` (subnetIds,
// securityGroupIds reaching the domain's security group on 443) as apps/legacy-rdb-sync/serverless.ts does.
import { outboxTableDefinition } from '@outflow/dynamodb-outbox';
import {
  APP_PACKAGING,
  APP_PLUGINS,
  appProvider,
  appResources,
  OPENSEARCH_PLACEHOLDERS,
  openSearchDomainPath,
  outflowTopology,
  shared,
} from '@outflow/topology';
import type { AWS } from 'osls/types';

const service = 'outflow-orders';

const generated = appResources(
  outflowTopology,
  'orders-service',
  { service, stage: '${sls:stage}', backbone: shared('backbone') },
  {
    streams: {
      orders: {
        streamArn: { 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] },
        tableName: { Ref: 'OutboxTable' },
      },
    },
  },
);

/**
 * The name osls gives the functions' role (`IamRoleLambdaExecution`): `<service>-<stage>-<region>-lambdaRole`.
 * Written out, not referenced: the role's policy names the table, so the table's policy cannot
 * reference the role without a dependency cycle. A package test checks both agree.
 */
const serviceRoleName = {
  'Fn::Join': ['-', [service, '${sls:stage}', { Ref: 'AWS::Region' }, 'lambdaRole']],
};
/** The READ alias of this stage's order search (filtered `deleted: false`). */
const searchReadAlias = 'outflow-${sls:stage}-orders-read';
const arn = (...parts: unknown[]) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...parts]] });
/** views-sync's views table of this stage, by its CloudFormation export (deploy views-sync first). */
const viewsTableName = { 'Fn::ImportValue': 'outflow-views-${sls:stage}-ViewsTableName' };
const viewsTableArn = arn(
  ':dynamodb:',
  { Ref: 'AWS::Region' },
  ':',
  { Ref: 'AWS::AccountId' },
  ':table/',
  viewsTableName,
);

/**
 * The table's resource policy: deletes that bypass the outbox never reach a downstream (the Pipe
 * passes INSERT and MODIFY records only; a REMOVE has no new image to render), so no principal
 * but the service's own role may delete items — a `DeleteItem` from the console or a script is
 * refused. `dynamodb:DeleteItem` also covers deletes inside TransactWriteItems; PartiQL `DELETE`
 * is `dynamodb:PartiQLDelete`; `BatchWriteItem` is denied whole, as no condition key tells its
 * deletes from its puts (the service never batch-writes). TTL deletions are done by DynamoDB
 * itself and are not affected: only outbox items carry a TTL (docs/architecture.md).
 */
const deletesOnlyThroughTheOutbox = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DeletesOnlyThroughTheOutbox',
      Effect: 'Deny',
      Principal: '*',
      Action: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLDelete'],
      Resource: arn(
        ':dynamodb:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:table/${service}-\${sls:stage}-outbox`,
      ),
      Condition: {
        ArnNotEquals: {
          'aws:PrincipalArn': arn(':iam::', { Ref: 'AWS::AccountId' }, ':role/', serviceRoleName),
        },
      },
    },
  ],
};

const route = (handler: string, method: string, path: string) => ({
  handler: `src/handlers/${handler}.handler.handler`,
  events: [{ httpApi: { method, path } }],
});

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
    memorySize: shared<number>('memorySize'),
    // API Gateway HTTP APIs give up after 30 s; a request that needs more than 10 s is stuck, so fail first.
    timeout: 10,
    environment: {
      // Not a secret: the table's name, resolved by CloudFormation.
      TABLE_NAME: { Ref: 'OutboxTable' },
    },
    iam: {
      role: {
        statements: [
          // DynamoDbOutboxStore reads with GetItem and writes state + event with one conditional PutItem
          // (several events: one TransactWriteItems of PutItems, which needs only dynamodb:PutItem).
          {
            Effect: 'Allow',
            Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
            Resource: { 'Fn::GetAtt': ['OutboxTable', 'Arn'] },
          },
          // GET /orders/search: read-only, and only this stage's READ alias (`POST /<alias>/_search`).
          {
            Effect: 'Allow',
            Action: ['es:ESHttpGet', 'es:ESHttpPost'],
            Resource: [
              openSearchDomainPath(`${searchReadAlias}*`),
              openSearchDomainPath(`${searchReadAlias}/_search`),
            ],
          },
          // The view routes: read-only, and only views-sync's views table (DynamoDbViewReader uses BatchGetItem).
          {
            Effect: 'Allow',
            Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
            Resource: viewsTableArn,
          },
        ],
      },
    },
  },
  ...APP_PACKAGING,
  functions: {
    createOrder: route('create-order', 'POST', '/orders'),
    searchOrders: {
      ...route('search-orders', 'GET', '/orders/search'),
      environment: {
        OPENSEARCH_ENDPOINT: '${param:openSearchEndpoint}',
        OPENSEARCH_INDEX_PREFIX: 'outflow-${sls:stage}',
      },
    },
    getOrder: route('get-order', 'GET', '/orders/{id}'),
    confirmOrder: route('confirm-order', 'POST', '/orders/{id}/confirm'),
    shipOrder: route('ship-order', 'POST', '/orders/{id}/ship'),
    cancelOrder: route('cancel-order', 'POST', '/orders/{id}/cancel'),
    deleteOrder: route('delete-order', 'DELETE', '/orders/{id}'),
    customerSummary: {
      ...route('customer-summary', 'GET', '/customers/{id}/summary'),
      environment: { VIEWS_TABLE_NAME: viewsTableName },
    },
    ordersByStatus: {
      ...route('orders-by-status', 'GET', '/stats/orders-by-status'),
      environment: { VIEWS_TABLE_NAME: viewsTableName },
    },
  },
  resources: {
    Resources: {
      // The app's own store: the very definition local tables are created from.
      OutboxTable: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          TableName: `${service}-\${sls:stage}-outbox`,
          ...outboxTableDefinition,
          ResourcePolicy: { PolicyDocument: deletesOnlyThroughTheOutbox },
        },
      },
      ...generated.Resources,
    },
    Outputs: {
      TableName: { Value: { Ref: 'OutboxTable' }, Export: { Name: `${service}-\${sls:stage}-TableName` } },
      TableArn: {
        Value: { 'Fn::GetAtt': ['OutboxTable', 'Arn'] },
        Export: { Name: `${service}-\${sls:stage}-TableArn` },
      },
      TableStreamArn: {
        Value: { 'Fn::GetAtt': ['OutboxTable', 'StreamArn'] },
        Export: { Name: `${service}-\${sls:stage}-TableStreamArn` },
      },
      ...generated.Outputs,
    },
  },
};

export default config;
