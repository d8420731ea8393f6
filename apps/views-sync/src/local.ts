// views-sync's consumer for `npm start` (package.json exports["./local"]): the outflow CLI loads
// it for the `views` subscription. The views table lives in the stack's DynamoDB Local (created
// here when missing, kept across runs with the rest of DynamoDB Local's data).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureViewsTable } from '@outflow/dynamodb-views';
import { createSqsApplyHandler } from '@outflow/runtime-lambda';
import { LocalSubscriptionError, type LocalSubscriptionFactory } from '@outflow/runtime-local';
import { createContainer } from './composition-root';
import { TOKENS } from './tokens';

/** The views table's name in the local stack. */
const LOCAL_VIEWS_TABLE = 'outflow-local-views';

/**
 * Wires the consumer through the same composition root and handler factory as the deployed
 * Lambda, against the stack's DynamoDB Local, and offers orders-service's view routes the table
 * name (`VIEWS_TABLE_NAME`, as the export does on AWS) and the endpoint.
 *
 * @throws LocalSubscriptionError when the views table cannot be created in DynamoDB Local.
 */
export const createLocalSubscription: LocalSubscriptionFactory = async (stack) => {
  const client = new DynamoDBClient({
    endpoint: stack.dynamoDbEndpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // The stack may add SDK middleware (the chaos suite throttles this client for a while).
  stack.instrumentDynamoDbClient?.(client);
  try {
    if (stack.purpose === 'run') await ensureViewsTable(client, LOCAL_VIEWS_TABLE);
    const container = createContainer({ tableName: LOCAL_VIEWS_TABLE }, client);
    const [applyChanges, store] = await Promise.all([
      container.getAsync(TOKENS.ApplyChanges),
      container.getAsync(TOKENS.ProjectionStore),
    ]);
    return {
      handler: createSqsApplyHandler(applyChanges),
      store,
      // orders-service's view routes read the same table (on AWS: the ViewsTableName export).
      apiEnv: { VIEWS_TABLE_NAME: LOCAL_VIEWS_TABLE },
      describe: `views table ${LOCAL_VIEWS_TABLE} in DynamoDB Local (${stack.dynamoDbEndpoint}), read by GET /customers/{id}/summary and GET /stats/orders-by-status`,
      dispose: async () => client.destroy(),
    };
  } catch (error) {
    client.destroy();
    throw new LocalSubscriptionError(
      `Cannot create the views table ${LOCAL_VIEWS_TABLE} in DynamoDB Local at ${stack.dynamoDbEndpoint}: ${(error as Error).message}.`,
      { cause: error },
    );
  }
};
