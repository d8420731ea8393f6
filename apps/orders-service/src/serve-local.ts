// Serves the orders API on localhost with the very Lambda handlers, against DynamoDB Local:
//   npx tsx apps/orders-service/src/serve-local.ts [--port 3000]
import { createClient, ensureTable, startDynamoDbLocal } from '@outflow/dynamodb-local';
import { outboxTableDefinition } from '@outflow/dynamodb-outbox';
import { serveHttpApi } from '@outflow/runtime-local';
import { wireOrderUseCases } from './composition-root';
import { routes } from './routes';

function portFrom(argv: readonly string[]): number {
  const index = argv.indexOf('--port');
  if (index === -1) return 3000;
  const port = Number(argv[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number (0–65535), got ${JSON.stringify(argv[index + 1])}`);
  return port;
}

async function main(): Promise<void> {
  const port = portFrom(process.argv.slice(2));
  const dynamo = await startDynamoDbLocal();
  const tableName = 'outflow-orders-local';
  await ensureTable(createClient(dynamo.endpoint), { ...outboxTableDefinition, TableName: tableName });
  wireOrderUseCases({ tableName, dynamoDbEndpoint: dynamo.endpoint });
  const api = await serveHttpApi({ routes, port, portSetting: '--port' }).catch(async (error: unknown) => {
    await dynamo.stop();
    throw error;
  });
  console.log(
    `orders API on ${api.url} (DynamoDB Local at ${dynamo.endpoint}, table ${tableName}); Ctrl+C stops both`,
  );
  const stop = async () => {
    await api.close();
    await dynamo.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
