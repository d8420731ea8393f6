import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ApplyChanges, type ProjectionStore } from '@outflow/core-application';
import { DynamoDbViewsStore } from '@outflow/dynamodb-views';
import { ordersViewDefinition } from '@outflow/orders';
import { Container } from 'inversify';
import { readConfig, type ViewsSyncConfig } from './config';
import { TOKENS } from './tokens';

/**
 * Wires the consumer: DynamoDB client → DynamoDbViewsStore (the order views) → ApplyChanges.
 * `client` replaces the default one (the local entry passes DynamoDB Local's).
 */
export function createContainer(config: ViewsSyncConfig, client?: DynamoDBClient): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(config);
  container.bind(TOKENS.DynamoDbClient).toConstantValue(client ?? new DynamoDBClient({}));
  container.bind(TOKENS.ProjectionStore).toResolvedValue(
    (c: ViewsSyncConfig, dynamo: DynamoDBClient) =>
      new DynamoDbViewsStore({
        client: dynamo,
        tableName: c.tableName,
        definitions: [ordersViewDefinition],
      }),
    [TOKENS.Config, TOKENS.DynamoDbClient],
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
