import type { AttributeValue, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { ViewContribution } from '@outflow/core-application';
import { countAttribute, ledgerKey, rowKey, totalAttribute, VIEWS_ATTRIBUTES as A } from './table';

/** What the ledger holds before the change: its version (absent: no ledger item) and contributions. */
export interface LedgerBefore {
  readonly version?: number;
  readonly contributions: readonly ViewContribution[];
}

/** The ledger after the change. */
export interface LedgerAfter {
  readonly aggregateType: string;
  readonly aggregateId: string;
  readonly version: number;
  /** `undefined`: a tombstone. */
  readonly state?: Readonly<Record<string, unknown>>;
  readonly contributions: readonly ViewContribution[];
}

/** DynamoDB's limit of actions per TransactWriteItems (Amazon DynamoDB Developer Guide, "TransactWriteItems API"). */
const MAX_TRANSACTION_ACTIONS = 100;

/**
 * @internal Exported for the views benchmark's raw lane (the same counters, without the ledger).
 *
 * The per-row counter deltas of moving `before` to `after`: −1 / −amount on each old bucket, +1 /
 * +amount on each new one, MERGED per row (DynamoDB refuses two actions on one item in a
 * transaction) and per attribute; zero deltas dropped (a change inside one bucket moves nothing).
 */
export function rowDeltas(
  aggregateType: string,
  before: readonly ViewContribution[],
  after: readonly ViewContribution[],
): Map<string, Map<string, number>> {
  const rows = new Map<string, Map<string, number>>();
  const add = (c: ViewContribution, sign: 1 | -1) => {
    const key = rowKey(aggregateType, c.view, c.row);
    const deltas = rows.get(key) ?? new Map<string, number>();
    rows.set(key, deltas);
    const bump = (attribute: string, by: number) => deltas.set(attribute, (deltas.get(attribute) ?? 0) + by);
    bump(countAttribute(c.group), sign);
    if (c.sum) bump(totalAttribute(c.group, c.sum.per), sign * c.sum.amount);
  };
  before.forEach((c) => add(c, -1));
  after.forEach((c) => add(c, 1));
  for (const [key, deltas] of rows) {
    for (const [attribute, delta] of deltas) if (delta === 0) deltas.delete(attribute);
    if (deltas.size === 0) rows.delete(key);
  }
  return rows;
}

/**
 * The ONE transaction applying a change: a Put of the ledger item conditioned on the version read
 * (`attribute_not_exists` when there was none), so a concurrent applier or a duplicate makes it
 * fail and nothing moves; one `ADD` update per view row the contribution leaves or enters.
 * @throws RangeError when the change needs more than 100 actions.
 */
export function changeTransaction(
  tableName: string,
  before: LedgerBefore,
  after: LedgerAfter,
): TransactWriteItem[] {
  const item: Record<string, AttributeValue> = {
    [A.key]: { S: ledgerKey(after.aggregateType, after.aggregateId) },
    [A.ledgerType]: { S: after.aggregateType },
    [A.aggregateId]: { S: after.aggregateId },
    [A.version]: { N: String(after.version) },
    [A.tombstone]: { BOOL: after.state === undefined },
    [A.contributions]: { S: JSON.stringify(after.contributions) },
    ...(after.state === undefined ? {} : { [A.state]: { S: JSON.stringify(after.state) } }),
  };
  const ledger: TransactWriteItem = {
    Put: {
      TableName: tableName,
      Item: item,
      ...(before.version === undefined
        ? { ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': A.key } }
        : {
            ConditionExpression: '#v = :held',
            ExpressionAttributeNames: { '#v': A.version },
            ExpressionAttributeValues: { ':held': { N: String(before.version) } },
          }),
    },
  };
  const updates = [...rowDeltas(after.aggregateType, before.contributions, after.contributions)].map(
    ([key, deltas]): TransactWriteItem => {
      const entries = [...deltas];
      return {
        Update: {
          TableName: tableName,
          Key: { [A.key]: { S: key } },
          UpdateExpression: `ADD ${entries.map((_, i) => `#a${i} :d${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#a${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(
            entries.map(([, d], i) => [`:d${i}`, { N: String(d) }]),
          ),
        },
      };
    },
  );
  const actions = [ledger, ...updates];
  if (actions.length > MAX_TRANSACTION_ACTIONS)
    throw new RangeError(
      `a change of ${after.aggregateType} ${after.aggregateId} needs ${actions.length} transaction actions; DynamoDB allows ${MAX_TRANSACTION_ACTIONS}: define fewer views`,
    );
  return actions;
}
