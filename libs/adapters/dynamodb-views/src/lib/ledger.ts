import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ViewContribution } from '@outflow/core-application';
import type { AggregateState, Holding } from '@outflow/core-domain';
import { ledgerKey, VIEWS_ATTRIBUTES as A } from './table';

/** A ledger item as read: what the store holds for the aggregate and what it contributes to the views. */
export interface Ledger {
  readonly holding: Holding<AggregateState>;
  readonly contributions: readonly ViewContribution[];
}

/** Reads a ledger item (`Item` of GetItem or Query) back. */
export function ledgerOf(item: Record<string, AttributeValue> | undefined): Ledger {
  if (!item) return { holding: { kind: 'absent' }, contributions: [] };
  const version = Number(item[A.version]?.N);
  const contributions = JSON.parse(item[A.contributions]?.S ?? '[]') as ViewContribution[];
  if (item[A.tombstone]?.BOOL) return { holding: { kind: 'tombstone', version }, contributions };
  const state = JSON.parse(item[A.state]?.S ?? '{}') as AggregateState;
  return { holding: { kind: 'present', version, state }, contributions };
}

/** Reads the ledger item of an aggregate, strongly consistent (the transaction's condition needs the latest version). */
export async function readLedger(
  client: DynamoDBClient,
  tableName: string,
  aggregateType: string,
  aggregateId: string,
): Promise<Ledger> {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { [A.key]: { S: ledgerKey(aggregateType, aggregateId) } },
      ConsistentRead: true,
    }),
  );
  return ledgerOf(Item);
}
