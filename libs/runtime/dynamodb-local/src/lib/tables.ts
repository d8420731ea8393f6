import { sleep } from '@outflow/core-application';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
  type StreamViewType,
} from '@aws-sdk/client-dynamodb';

/**
 * A table as CloudFormation's `AWS::DynamoDB::Table` Properties describe it — the shape the
 * Serverless configs deploy — so local tables and deployed tables come from one definition.
 */
export interface TableDefinition {
  readonly TableName: string;
  readonly AttributeDefinitions: readonly AttributeDefinition[];
  readonly KeySchema: readonly KeySchemaElement[];
  readonly BillingMode?: 'PAY_PER_REQUEST' | 'PROVISIONED';
  readonly StreamSpecification?: { readonly StreamViewType: StreamViewType | `${StreamViewType}` };
  readonly TimeToLiveSpecification?: { readonly AttributeName: string; readonly Enabled: boolean };
  readonly PointInTimeRecoverySpecification?: { readonly PointInTimeRecoveryEnabled: boolean };
}

/**
 * Creates the table if it does not exist (with its stream and TTL), waits until it is ACTIVE,
 * and returns its latest stream ARN (undefined when the table has no stream).
 */
export async function ensureTable(
  client: DynamoDBClient,
  table: TableDefinition,
): Promise<{ streamArn: string | undefined; created: boolean }> {
  let created = false;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table.TableName,
        AttributeDefinitions: [...table.AttributeDefinitions],
        KeySchema: [...table.KeySchema],
        BillingMode: table.BillingMode ?? 'PAY_PER_REQUEST',
        ...(table.StreamSpecification
          ? {
              StreamSpecification: {
                StreamEnabled: true,
                StreamViewType: table.StreamSpecification.StreamViewType as StreamViewType,
              },
            }
          : {}),
      }),
    );
    created = true;
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  let description = await client.send(new DescribeTableCommand({ TableName: table.TableName }));
  for (let i = 0; description.Table?.TableStatus !== 'ACTIVE' && i < 100; i++) {
    await sleep(100);
    description = await client.send(new DescribeTableCommand({ TableName: table.TableName }));
  }
  if (created && table.TimeToLiveSpecification?.Enabled) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table.TableName,
        TimeToLiveSpecification: {
          AttributeName: table.TimeToLiveSpecification.AttributeName,
          Enabled: true,
        },
      }),
    );
  }
  return { streamArn: description.Table?.LatestStreamArn, created };
}
