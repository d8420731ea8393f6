import { BatchGetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  checkViewDefinition,
  globalRowOf,
  type ViewDefinition,
  type ViewReader,
  type ViewRow,
} from '@outflow/core-application';
import { ValidationError } from '@outflow/core-domain';
import { DynamoDbViewsUnavailableError } from './errors';
import { rowKey, VIEWS_ATTRIBUTES as A } from './table';

export interface DynamoDbViewReaderOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly definitions: readonly ViewDefinition[];
}

type Groups = Record<string, { count: number; totals: Record<string, number> }>;

/** Adds a view item's counters (`count#<group>`, `total#<group>#<per>`) into `groups`. */
function addItem(groups: Groups, item: Record<string, AttributeValue>): void {
  for (const [name, value] of Object.entries(item)) {
    const [kind, group, per] = name.split('#');
    if ((kind !== 'count' && kind !== 'total') || group === undefined || value.N === undefined) continue;
    const entry = (groups[group] ??= { count: 0, totals: {} });
    if (kind === 'count') entry.count += Number(value.N);
    else if (per !== undefined) entry.totals[per] = (entry.totals[per] ?? 0) + Number(value.N);
  }
}

/** Drops what counts nothing (a group whose orders all moved on; a currency whose total is back at 0 with no order). */
function prune(groups: Groups): Groups {
  return Object.fromEntries(
    Object.entries(groups)
      .filter(([, g]) => g.count !== 0)
      .map(([k, g]) => [
        k,
        { count: g.count, totals: Object.fromEntries(Object.entries(g.totals).filter(([, t]) => t !== 0)) },
      ]),
  );
}

/**
 * Reads the rows `DynamoDbViewsStore` keeps: one BatchGetItem (eventually consistent, half the
 * read cost) of the row, or of every shard of a global row, summed. Read-only: needs
 * `dynamodb:BatchGetItem` on the views table and nothing else.
 *
 * @throws ValidationError naming `view` (or `row`) for a view the definitions do not have (or a
 * global view given a row); DynamoDbViewsUnavailableError when DynamoDB cannot be read.
 */
export class DynamoDbViewReader implements ViewReader {
  private readonly definitions: ReadonlyMap<string, ViewDefinition>;

  constructor(private readonly options: DynamoDbViewReaderOptions) {
    options.definitions.forEach(checkViewDefinition);
    this.definitions = new Map(options.definitions.map((d) => [d.aggregateType, d]));
  }

  async readRow(aggregateType: string, view: string, row?: string): Promise<ViewRow> {
    const spec = this.definitions.get(aggregateType)?.views.find((v) => v.name === view);
    if (!spec)
      throw new ValidationError('view read', [
        { path: 'view', message: `no view "${view}" of ${aggregateType}` },
      ]);
    if ((spec.partitionBy === undefined) !== (row === undefined))
      throw new ValidationError('view read', [
        {
          path: 'row',
          message: spec.partitionBy
            ? `view "${view}" needs a ${spec.partitionBy}`
            : `view "${view}" is global: pass no row`,
        },
      ]);
    const rows =
      row !== undefined ? [row] : Array.from({ length: spec.shards ?? 1 }, (_, i) => globalRowOf(i));
    const keys = rows.map((r) => ({ [A.key]: { S: rowKey(aggregateType, view, r) } }));
    const groups: Groups = {};
    let pending: Record<string, AttributeValue>[] = keys;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 8)
        throw new DynamoDbViewsUnavailableError(`DynamoDB left view keys unprocessed 8 times (view ${view})`);
      const response = await this.send(pending);
      (response.Responses?.[this.options.tableName] ?? []).forEach((item) => addItem(groups, item));
      pending = (response.UnprocessedKeys?.[this.options.tableName]?.Keys ?? []) as Record<
        string,
        AttributeValue
      >[];
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
    return { groups: prune(groups) };
  }

  private async send(keys: Record<string, AttributeValue>[]) {
    try {
      return await this.options.client.send(
        new BatchGetItemCommand({ RequestItems: { [this.options.tableName]: { Keys: keys } } }),
      );
    } catch (error) {
      throw new DynamoDbViewsUnavailableError(
        `DynamoDB could not read the views table: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
}
