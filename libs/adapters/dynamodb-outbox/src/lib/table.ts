/**
 * The source table, as CloudFormation's `AWS::DynamoDB::Table` Properties describe it. One
 * definition feeds the Serverless config (checked by a test against the packaged template) and
 * the local tables (`ensureTable` of @outflow/dynamodb-local). Keys: `pk` is the aggregate key
 * (`aggregateKeyOf`: `<type>#<id>`); `sk` is the aggregate item or one of its outbox items.
 */
export const OUTBOX_KEY = { partition: 'pk', sort: 'sk' } as const;

/** The sort key of the item holding an aggregate's current state. */
export const AGGREGATE_SORT_KEY = 'AGGREGATE';

/** Sort keys of outbox items: `OUTBOX#<version, 12 digits>#<index, 4 digits>`. */
const OUTBOX_SORT_KEY_PREFIX = 'OUTBOX#';

/** The TTL attribute (epoch seconds) of outbox items; aggregate items and tombstones never carry it. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const outboxTableDefinition = {
  AttributeDefinitions: [
    { AttributeName: OUTBOX_KEY.partition, AttributeType: 'S' },
    { AttributeName: OUTBOX_KEY.sort, AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: OUTBOX_KEY.partition, KeyType: 'HASH' },
    { AttributeName: OUTBOX_KEY.sort, KeyType: 'RANGE' },
  ],
  BillingMode: 'PAY_PER_REQUEST',
  StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
  TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
} as const;

/** The definition with its table name, ready for `ensureTable` or a CloudFormation resource. */
export const outboxTable = (tableName: string) => ({ TableName: tableName, ...outboxTableDefinition });

export const outboxSortKey = (version: number, index: number) =>
  `${OUTBOX_SORT_KEY_PREFIX}${String(version).padStart(12, '0')}#${String(index).padStart(4, '0')}`;
