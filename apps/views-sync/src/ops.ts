// views-sync's store for operator commands on a deployed stage (package.json exports["./ops"]):
// `outflow reconcile --stage <stage>` loads it for the `views` subscription and lists the views
// table through the same store the consumer writes with.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { OperatorStoreFactory } from '@outflow/runtime-lambda';
import { createContainer } from './composition-root';
import { readConfig } from './config';
import { TOKENS } from './tokens';

/**
 * Opens the stage's views table: VIEWS_TABLE_NAME from the operator's environment, else the name
 * serverless.ts gives it (`outflow-views-<stage>-views`, exported as `outflow-views-<stage>-ViewsTableName`),
 * in the stage's Region with the operator's credentials.
 *
 * @throws ConfigError naming a bad VIEWS_TABLE_NAME.
 */
export const createOperatorStore: OperatorStoreFactory = async (context) => {
  const config = readConfig({ VIEWS_TABLE_NAME: `outflow-views-${context.stage}-views`, ...context.env });
  const client = new DynamoDBClient({ region: context.region });
  const store = await createContainer(config, client).getAsync(TOKENS.ProjectionStore);
  return {
    store,
    describe: `views table ${config.tableName} in ${context.region}`,
    dispose: async () => client.destroy(),
  };
};
