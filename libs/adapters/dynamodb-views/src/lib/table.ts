import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/** The views table's attribute names (one table: ledger items and view rows). */
export const VIEWS_ATTRIBUTES = {
  /** Partition key (S): `L#<type length>:<type>#<id>` for a ledger item, `V#<type length>:<type>#<view>#<row>` for a view row. */
  key: 'pk',
  /** Ledger items only (S): the aggregate type, the listing index's partition key. */
  ledgerType: 'ledgerType',
  /** Ledger items only (S): the aggregate id, the listing index's sort key. */
  aggregateId: 'aggregateId',
  /** Ledger items only (N): the last version applied. */
  version: 'version',
  /** Ledger items only (BOOL). */
  tombstone: 'tombstone',
  /** Ledger items only (S): the state's JSON (absent on a tombstone). */
  state: 'state',
  /** Ledger items only (S): JSON of the aggregate's current `ViewContribution`s (what a move subtracts). */
  contributions: 'contributions',
} as const;

/** The global secondary index listing ledger items by type, in ascending aggregate id. */
export const LEDGER_INDEX = 'byAggregateType';

/** Counter attribute of a group in a view row. */
export const countAttribute = (group: string): string => `count#${group}`;
/** Total attribute of a group and a `sum.per` value in a view row. */
export const totalAttribute = (group: string, per: string): string => `total#${group}#${per}`;

export const ledgerKey = (aggregateType: string, aggregateId: string): string =>
  `L#${aggregateType.length}:${aggregateType}#${aggregateId}`;
export const rowKey = (aggregateType: string, view: string, row: string): string =>
  `V#${aggregateType.length}:${aggregateType}#${view}#${row}`;

/**
 * The table definition (on-demand): key `pk`, index `byAggregateType` (`ledgerType`, `aggregateId`,
 * all attributes). The CloudFormation resource of apps/views-sync declares the same.
 */
export const viewsTableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: VIEWS_ATTRIBUTES.key, AttributeType: 'S' },
    { AttributeName: VIEWS_ATTRIBUTES.ledgerType, AttributeType: 'S' },
    { AttributeName: VIEWS_ATTRIBUTES.aggregateId, AttributeType: 'S' },
  ],
  KeySchema: [{ AttributeName: VIEWS_ATTRIBUTES.key, KeyType: 'HASH' }],
  GlobalSecondaryIndexes: [
    {
      IndexName: LEDGER_INDEX,
      KeySchema: [
        { AttributeName: VIEWS_ATTRIBUTES.ledgerType, KeyType: 'HASH' },
        { AttributeName: VIEWS_ATTRIBUTES.aggregateId, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
});

/** Creates the views table unless it exists (local runs and tests; AWS gets it from CloudFormation). */
export async function ensureViewsTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(viewsTableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let i = 0; i < 100; i += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`views table ${tableName} did not become ACTIVE within 10 s`);
}
