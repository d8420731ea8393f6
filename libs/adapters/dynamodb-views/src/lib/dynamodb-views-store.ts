import {
  QueryCommand,
  TransactWriteItemsCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  backoffDelayMs,
  checkListQuery,
  checkViewDefinition,
  contributionsOf,
  projectionHash,
  sleep,
  type Backoff,
  type ProjectionListQuery,
  type ProjectionPage,
  type ProjectionStore,
  type ViewContribution,
  type ViewDefinition,
} from '@outflow/core-application';
import {
  aggregateKeyOf,
  decide,
  failed,
  isDeletion,
  outcomeOf,
  ValidationError,
  type AggregateState,
  type ChangeOutcome,
  type Holding,
  type OutboxEvent,
  permanentFailure,
} from '@outflow/core-domain';
import { DynamoDbViewsUnavailableError } from './errors';
import { ledgerOf, readLedger, type Ledger } from './ledger';
import { LEDGER_INDEX, VIEWS_ATTRIBUTES as A } from './table';
import { changeTransaction } from './transaction';
import { classifyWriteFailure } from './write-failure';

export interface DynamoDbViewsStoreOptions {
  readonly client: DynamoDBClient;
  /** The views table (`viewsTableDefinition`). */
  readonly tableName: string;
  /** One definition per aggregate type (e.g. `ordersViewDefinition`). */
  readonly definitions: readonly ViewDefinition[];
  /**
   * Backoff between retries of a transaction cancelled for TransactionConflict or throttling.
   * @default { baseMs: 20, maxMs: 1000, attempts: 8 }
   */
  readonly retry?: Partial<Backoff> & { readonly attempts?: number };
  /** Aggregates applied at once within a batch. @default 8 */
  readonly concurrency?: number;
  /** @default setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The ExclusiveStartKey a `nextCursor` carries.
 * @throws ValidationError naming `cursor` when it is not one this store gave.
 */
function cursorKey(cursor: string): Record<string, AttributeValue> {
  try {
    const key = JSON.parse(cursor) as unknown;
    if (typeof key === 'object' && key !== null && !Array.isArray(key))
      return key as Record<string, AttributeValue>;
  } catch {
    // reported below
  }
  throw new ValidationError('projection list query', [
    { path: 'cursor', message: 'expected the nextCursor of a previous page of this store' },
  ]);
}

interface Candidate {
  readonly index: number;
  readonly change: OutboxEvent;
}

/**
 * Materialized views in DynamoDB as a ProjectionStore: per aggregate a LEDGER item (version,
 * state, tombstone, and the aggregate's current contribution to each view), and view rows holding
 * counters. A change is applied with ONE TransactWriteItems: the ledger Put, conditioned on the
 * version read, and `ADD` updates moving the contribution (old bucket −1/−total, new bucket
 * +1/+total, merged per item). A duplicate or stale change is decided from the ledger and writes
 * nothing; a concurrent applier that moved the ledger first makes the condition fail, and the
 * change is decided again on a fresh read. So the views always equal a recount of what the ledger
 * holds, whatever the delivery (README, "Views in DynamoDB").
 *
 * A cancellation moves the contribution to `cancelled`; a deletion removes it and leaves a
 * tombstone version. TransactionConflict and throttling are retried with exponential backoff.
 *
 * @throws DynamoDbViewsUnavailableError (from `apply`) when DynamoDB cannot be reached or stays
 * busy after the retries, so every message of the batch is retried.
 */
export class DynamoDbViewsStore implements ProjectionStore {
  private readonly definitions: ReadonlyMap<string, ViewDefinition>;
  private readonly retry: Backoff & { readonly attempts: number };

  constructor(private readonly options: DynamoDbViewsStoreOptions) {
    options.definitions.forEach(checkViewDefinition);
    this.definitions = new Map(options.definitions.map((d) => [d.aggregateType, d]));
    this.retry = { baseMs: 20, maxMs: 1000, attempts: 8, ...options.retry };
  }

  async apply(changes: readonly OutboxEvent[]): Promise<readonly ChangeOutcome[]> {
    const outcomes: ChangeOutcome[] = new Array(changes.length);
    const groups = new Map<string, Candidate[]>();
    changes.forEach((change, index) => {
      const key = aggregateKeyOf(change);
      groups.set(key, [...(groups.get(key) ?? []), { index, change }]);
    });
    const queue = [...groups.values()];
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift())
        await this.applyAggregate(group, outcomes);
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 8, queue.length) }, worker));
    return outcomes;
  }

  async read(aggregateType: string, aggregateId: string): Promise<Holding<AggregateState>> {
    if (!this.definitions.has(aggregateType)) return { kind: 'absent' };
    return (
      await this.guard(`read ${aggregateType} ${aggregateId}`, () => this.ledger(aggregateType, aggregateId))
    ).holding;
  }

  /** Pages over the ledger index `byAggregateType` (ascending `aggregateId`, DynamoDB's byte order). */
  async list(query: ProjectionListQuery): Promise<ProjectionPage> {
    checkListQuery(query);
    const start = query.cursor === undefined ? undefined : cursorKey(query.cursor);
    const page = await this.guard(`list ${query.aggregateType}`, () =>
      this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          IndexName: LEDGER_INDEX,
          KeyConditionExpression: '#t = :t',
          ExpressionAttributeNames: { '#t': A.ledgerType },
          ExpressionAttributeValues: { ':t': { S: query.aggregateType } },
          Limit: query.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
    const items = (page.Items ?? []).map((item) => {
      const { holding } = ledgerOf(item);
      const held = holding as Exclude<Holding<AggregateState>, { kind: 'absent' }>;
      return {
        aggregateId: item[A.aggregateId]?.S as string,
        version: held.version,
        tombstone: held.kind === 'tombstone',
        hash: projectionHash(held.kind === 'present' ? held.state : null),
      };
    });
    return page.LastEvaluatedKey ? { items, nextCursor: JSON.stringify(page.LastEvaluatedKey) } : { items };
  }

  /**
   * The ledger keeps the state as it is: the hash of the state (`null`: a tombstone).
   * @throws ValidationError when the type has no definition or its definition refuses the state.
   */
  expectedHash(aggregateType: string, aggregateId: string, state: AggregateState | null): string {
    if (state === null) return projectionHash(null);
    const definition = this.definitionOf(aggregateType);
    const valid = definition.validate(aggregateId, state);
    if (!valid.ok) throw valid.error;
    contributionsOf(definition, aggregateId, state);
    return projectionHash(state);
  }

  /** Newest first: the first change applied or found not newer settles the older ones. */
  private async applyAggregate(group: readonly Candidate[], outcomes: ChangeOutcome[]): Promise<void> {
    const sorted = [...group].sort((a, b) => b.change.aggregateVersion - a.change.aggregateVersion);
    let settled: Holding | undefined;
    for (const { index, change } of sorted) {
      if (settled) {
        outcomes[index] = outcomeOf(decide(settled, change));
        continue;
      }
      if (!this.definitions.has(change.aggregateType)) {
        // No redelivery can make the type known: dead-lettered at once (a permanent failure).
        outcomes[index] = permanentFailure(this.unknownType(change.aggregateType));
        continue;
      }
      const prepared = this.prepare(change);
      if (typeof prepared === 'string') {
        outcomes[index] = failed(prepared);
        continue;
      }
      const result = await this.applyOne(change, prepared);
      outcomes[index] = result.outcome;
      settled = result.settled;
    }
  }

  /** The change's contributions, or the reason it is refused. */
  private prepare(change: OutboxEvent): readonly ViewContribution[] | string {
    const definition = this.definitions.get(change.aggregateType);
    if (!definition) return this.unknownType(change.aggregateType);
    if (isDeletion(change)) return [];
    const valid = definition.validate(change.aggregateId, change.state);
    if (!valid.ok) return valid.error.message;
    try {
      return contributionsOf(definition, change.aggregateId, change.state);
    } catch (error) {
      if (error instanceof ValidationError) return error.message;
      throw error;
    }
  }

  private async applyOne(
    change: OutboxEvent,
    contributions: readonly ViewContribution[],
  ): Promise<{ outcome: ChangeOutcome; settled?: Holding }> {
    for (let busy = 0; ;) {
      const ledger = await this.guard('read a ledger item', () =>
        this.ledger(change.aggregateType, change.aggregateId),
      );
      const decision = decide(ledger.holding, change);
      if (decision.kind !== 'applied') return { outcome: outcomeOf(decision), settled: ledger.holding };
      const failure = await this.write(change, ledger, contributions);
      if (!failure) return { outcome: outcomeOf(decision), settled: decision.next };
      if (failure.kind === 'refused') return { outcome: failed(failure.reason) };
      if (failure.kind === 'busy') {
        if (busy >= this.retry.attempts)
          throw new DynamoDbViewsUnavailableError(
            `DynamoDB kept answering ${failure.reason} for ${change.aggregateType} ${change.aggregateId} after ${busy} retries; the batch is retried`,
          );
        await (this.options.sleep ?? sleep)(backoffDelayMs(busy, this.retry) * (0.5 + Math.random() / 2));
        busy += 1;
      }
    }
  }

  private async write(change: OutboxEvent, ledger: Ledger, contributions: readonly ViewContribution[]) {
    const items = changeTransaction(
      this.options.tableName,
      {
        version: ledger.holding.kind === 'absent' ? undefined : ledger.holding.version,
        contributions: ledger.contributions,
      },
      {
        aggregateType: change.aggregateType,
        aggregateId: change.aggregateId,
        version: change.aggregateVersion,
        state: isDeletion(change) ? undefined : change.state,
        contributions,
      },
    );
    try {
      await this.options.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const failure = classifyWriteFailure(error);
      if (failure) return failure;
      throw new DynamoDbViewsUnavailableError(
        `DynamoDB could not apply a change: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  private ledger(aggregateType: string, aggregateId: string): Promise<Ledger> {
    return readLedger(this.options.client, this.options.tableName, aggregateType, aggregateId);
  }

  private definitionOf(aggregateType: string): ViewDefinition {
    const definition = this.definitions.get(aggregateType);
    if (!definition)
      throw new ValidationError('view definition', [
        { path: 'aggregateType', message: this.unknownType(aggregateType) },
      ]);
    return definition;
  }

  private async guard<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DynamoDbViewsUnavailableError) throw error;
      throw new DynamoDbViewsUnavailableError(`DynamoDB could not ${what}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  private unknownType(aggregateType: string): string {
    return `no view definition for aggregate type "${aggregateType}" (known: ${[...this.definitions.keys()].join(', ')})`;
  }
}
