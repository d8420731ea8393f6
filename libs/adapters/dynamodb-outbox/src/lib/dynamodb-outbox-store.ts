import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactionConflictException,
  TransactWriteItemsCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  assertValidChange,
  type AggregateChange,
  type AggregateSnapshot,
  type OutboxStore,
} from '@outflow/core-application';
import {
  aggregateKeyOf,
  ConcurrencyError,
  OUTBOX_ATTRIBUTES,
  OUTBOX_BUS_ENTRY_MAX_BYTES,
  outboxBusEntryBytes,
  PAYLOAD_LIMITS,
  stringifyExactJson,
  ValidationError,
  type OutboxEvent,
} from '@outflow/core-domain';
import { OutboxChangeTooLargeError, OutboxStoreError } from './errors';
import { itemBytes } from './item-size';
import { AGGREGATE_ATTRIBUTES, marshallableState, snapshotFromItem } from './read-item';
import { AGGREGATE_SORT_KEY, OUTBOX_KEY, outboxSortKey, TTL_ATTRIBUTE } from './table';

export interface DynamoDbOutboxStoreOptions {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  /**
   * How long outbox items (changes with several events) live before DynamoDB's TTL removes them.
   * Their stream records stay readable for 24 h whatever this is. Aggregate items — tombstones
   * included — never carry a TTL: an id's version must never go back (README, "Deletes and id reuse").
   * @default 86400 (one day)
   */
  readonly outboxItemTtlSeconds?: number;
  /** Clock for TTLs. @default Date.now */
  readonly now?: () => number;
}

const outboxAttributes = (event: OutboxEvent): Record<string, AttributeValue> => ({
  [OUTBOX_ATTRIBUTES.eventId]: { S: event.eventId },
  [OUTBOX_ATTRIBUTES.eventType]: { S: event.eventType },
  [OUTBOX_ATTRIBUTES.aggregateType]: { S: event.aggregateType },
  [OUTBOX_ATTRIBUTES.aggregateId]: { S: event.aggregateId },
  [OUTBOX_ATTRIBUTES.aggregateVersion]: { N: String(event.aggregateVersion) },
  [OUTBOX_ATTRIBUTES.event]: { S: stringifyExactJson(event) as string },
});

/**
 * Refuses a change too large for its path before anything is written: each item against
 * DynamoDB's 400 KB (`itemBytes`), each event's rendered bus entry against the lowest limit between
 * the Pipe and the downstream queues (`outboxBusEntryBytes`, `OUTBOX_BUS_ENTRY_MAX_BYTES`).
 */
function checkPayloadSizes(change: AggregateChange, items: readonly Record<string, AttributeValue>[]): void {
  const subject = `change of ${change.aggregateType} ${change.aggregateId}`;
  items.forEach((item, index) => {
    const bytes = itemBytes(item);
    if (bytes > PAYLOAD_LIMITS.dynamoDbItem) {
      const which = index === 0 ? 'its aggregate item' : `its outbox item ${index - 1}`;
      throw new OutboxChangeTooLargeError(
        `${subject}: ${which} (state and event)`,
        bytes,
        PAYLOAD_LIMITS.dynamoDbItem,
        'a DynamoDB item (400 KB)',
      );
    }
  });
  for (const event of change.events) {
    const bytes = outboxBusEntryBytes(event);
    if (bytes > OUTBOX_BUS_ENTRY_MAX_BYTES) {
      throw new OutboxChangeTooLargeError(
        `${subject}: the bus entry of event ${event.eventId} (the Pipe's detail with the event text escaped again)`,
        bytes,
        OUTBOX_BUS_ENTRY_MAX_BYTES,
        'the EventBridge Pipe (256 KB, until AWS documents a larger payload for Pipes)',
      );
    }
  }
}

/**
 * OutboxStore on one DynamoDB table (docs/architecture.md, rule 1: state and event in one write).
 *
 * - A change with one event is ONE PutItem of the aggregate item (`pk = <type>#<id>`,
 *   `sk = AGGREGATE`) with the event embedded as the outbox attributes: one stream record.
 * - A change with several events is ONE TransactWriteItems: the aggregate item without outbox
 *   attributes (its stream record is skipped by the Pipe filter) plus one outbox item per event
 *   (`sk = OUTBOX#<version>#<n>`, with a TTL): one stream record per event.
 * - A deletion replaces the aggregate with a tombstone carrying the deletion event, WITHOUT a TTL:
 *   the tombstone keeps the id's version for ever, so `expectedVersion` 0 can never create the id
 *   again at version 1 (downstreams would answer `stale` to it for ever). Only outbox items expire.
 * - Every write is conditioned on the version read; a conflict throws ConcurrencyError and
 *   writes nothing. Other DynamoDB errors become OutboxStoreError / ValidationError.
 */
export class DynamoDbOutboxStore implements OutboxStore {
  private readonly now: () => number;

  constructor(private readonly options: DynamoDbOutboxStoreOptions) {
    if (!options.tableName)
      throw new ValidationError('DynamoDbOutboxStore options', [
        { path: 'tableName', message: 'is required' },
      ]);
    this.now = options.now ?? Date.now;
  }

  /**
   * Writes the change (see the class comment).
   *
   * @throws ConcurrencyError when the stored version is not `expectedVersion`.
   * @throws OutboxChangeTooLargeError before writing anything, when an item would exceed
   *   DynamoDB's 400 KB or an event's bus entry would exceed `OUTBOX_BUS_ENTRY_MAX_BYTES` (256 KB).
   * @throws ValidationError for an invalid change; OutboxStoreError when DynamoDB fails.
   */
  async save(change: AggregateChange): Promise<void> {
    assertValidChange(change);
    const { tableName } = this.options;
    const version = change.expectedVersion + 1;
    const single = change.events.length === 1;
    const aggregate = this.aggregateItem(change, version, single ? change.events[0] : undefined);
    const condition = this.versionCondition(change);
    const outboxItems = single ? [] : this.outboxItems(change, version);
    if (outboxItems.length > 99) {
      throw new ValidationError(`change of ${change.aggregateType} ${change.aggregateId}`, [
        {
          path: 'events',
          message: `at most 99 events fit one DynamoDB transaction, got ${change.events.length}`,
        },
      ]);
    }
    checkPayloadSizes(change, [aggregate, ...outboxItems]);
    try {
      if (single) {
        await this.options.client.send(
          new PutItemCommand({ TableName: tableName, Item: aggregate, ...condition }),
        );
        return;
      }
      const items: TransactWriteItem[] = [
        { Put: { TableName: tableName, Item: aggregate, ...condition } },
        ...outboxItems.map((Item) => ({ Put: { TableName: tableName, Item } })),
      ];
      await this.options.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (error) {
      throw this.translate(error, change);
    }
  }

  private versionCondition(change: AggregateChange): {
    ConditionExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues?: Record<string, AttributeValue>;
  } {
    return change.expectedVersion === 0
      ? {
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': OUTBOX_KEY.partition },
        }
      : {
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': AGGREGATE_ATTRIBUTES.version },
          ExpressionAttributeValues: { ':expected': { N: String(change.expectedVersion) } },
        };
  }

  /** One outbox item per event of a change with several events, with a TTL. */
  private outboxItems(change: AggregateChange, version: number): Record<string, AttributeValue>[] {
    const expiresAt = Math.floor(this.now() / 1000) + (this.options.outboxItemTtlSeconds ?? 86_400);
    return change.events.map((event, index) => ({
      [OUTBOX_KEY.partition]: { S: aggregateKeyOf(change) },
      [OUTBOX_KEY.sort]: { S: outboxSortKey(version, index) },
      ...outboxAttributes(event),
      [TTL_ATTRIBUTE]: { N: String(expiresAt) },
    }));
  }

  async load(aggregateType: string, aggregateId: string): Promise<AggregateSnapshot | undefined> {
    let item: Record<string, AttributeValue> | undefined;
    try {
      ({ Item: item } = await this.options.client.send(
        new GetItemCommand({
          TableName: this.options.tableName,
          Key: {
            [OUTBOX_KEY.partition]: { S: aggregateKeyOf({ aggregateType, aggregateId }) },
            [OUTBOX_KEY.sort]: { S: AGGREGATE_SORT_KEY },
          },
          ConsistentRead: true,
        }),
      ));
    } catch (error) {
      throw new OutboxStoreError(
        `reading ${aggregateType} ${aggregateId} from ${this.options.tableName} failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!item) return undefined;
    return snapshotFromItem(item, aggregateType, aggregateId, this.options.tableName);
  }

  private aggregateItem(
    change: AggregateChange,
    version: number,
    event: OutboxEvent | undefined,
  ): Record<string, AttributeValue> {
    const item: Record<string, AttributeValue> = {
      [OUTBOX_KEY.partition]: { S: aggregateKeyOf(change) },
      [OUTBOX_KEY.sort]: { S: AGGREGATE_SORT_KEY },
      [AGGREGATE_ATTRIBUTES.aggregateType]: { S: change.aggregateType },
      [AGGREGATE_ATTRIBUTES.aggregateId]: { S: change.aggregateId },
      [AGGREGATE_ATTRIBUTES.version]: { N: String(version) },
      ...(event ? outboxAttributes(event) : {}),
    };
    if (change.state === null) {
      item[AGGREGATE_ATTRIBUTES.deleted] = { BOOL: true };
    } else {
      item[AGGREGATE_ATTRIBUTES.state] = {
        M: marshall(marshallableState(change.state) as Record<string, unknown>, {
          removeUndefinedValues: true,
          convertClassInstanceToMap: false,
        }),
      };
    }
    return item;
  }

  private translate(error: unknown, change: AggregateChange): Error {
    if (error instanceof ValidationError) return error;
    const conflict = () =>
      new ConcurrencyError(change.aggregateType, change.aggregateId, change.expectedVersion, {
        cause: error,
      });
    // A concurrent transaction on the same item is a conflict too: someone else is writing it.
    if (error instanceof ConditionalCheckFailedException || error instanceof TransactionConflictException)
      return conflict();
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      if (
        reasons[0]?.Code === 'ConditionalCheckFailed' ||
        reasons.some((r) => r.Code === 'TransactionConflict')
      )
        return conflict();
      const detail = reasons
        .map(
          (r, i) =>
            `${i === 0 ? 'aggregate' : `outbox item ${i - 1}`}: ${r.Code ?? 'None'}${r.Message ? ` (${r.Message})` : ''}`,
        )
        .join(', ');
      return new OutboxStoreError(
        `writing ${change.aggregateType} ${change.aggregateId} to ${this.options.tableName} was cancelled: ${detail}`,
        { cause: error },
      );
    }
    const vendor = error as { name?: string; message?: string };
    if (vendor.name === 'ValidationException' && /size/i.test(vendor.message ?? '')) {
      return new ValidationError(
        `change of ${change.aggregateType} ${change.aggregateId}`,
        [{ path: 'state', message: `too large for one DynamoDB item: ${vendor.message}` }],
        { cause: error },
      );
    }
    return new OutboxStoreError(
      `writing ${change.aggregateType} ${change.aggregateId} to ${this.options.tableName} failed: ${vendor.name ?? 'Error'}: ${vendor.message ?? String(error)}`,
      { cause: error },
    );
  }
}
