import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AggregateSnapshot } from '@outflow/core-application';
import { ValidationError } from '@outflow/core-domain';
import { OutboxStoreError } from './errors';
import { AGGREGATE_ATTRIBUTES, snapshotFromItem } from './read-item';
import { AGGREGATE_SORT_KEY, OUTBOX_KEY } from './table';

/** Where a Scan goes on: DynamoDB's `LastEvaluatedKey`, JSON-safe (kept in checkpoint files). */
export type ScanPosition = Record<string, AttributeValue>;

export interface ScanPageQuery {
  readonly tableName: string;
  /** 0 … totalSegments − 1. */
  readonly segment: number;
  /** 1 … 1,000,000 ("TotalSegments", DynamoDB API Reference, Scan). */
  readonly totalSegments: number;
  /** The `next` of this segment's previous page; omit for its first page. */
  readonly from?: ScanPosition;
  /** Items DynamoDB evaluates per page (its `Limit`); omit for 1 MB pages. */
  readonly limit?: number;
}

export interface ScanPage {
  /** The aggregates of this page (current state or tombstone); outbox items are skipped. */
  readonly snapshots: readonly AggregateSnapshot[];
  /** Items DynamoDB read for the page, outbox items included (`ScannedCount`). */
  readonly scanned: number;
  /** Where this segment goes on; absent when the segment is done. */
  readonly next?: ScanPosition;
}

/**
 * One page of one segment of a parallel Scan of an outbox table, aggregates only: a
 * `FilterExpression` on the sort key (`sk = AGGREGATE`) leaves outbox items out (DynamoDB still
 * reads them: a filter applies after the read, "Filter expressions for Scan"). Eventually
 * consistent, as Scan is by default: an aggregate changed during the scan may come at its older
 * version, which live delivery and the version rule make harmless.
 * ("Parallel scan": "LastEvaluatedKey returned from a parallel Scan request must be used as
 * ExclusiveStartKey with the same Segment ID in a subsequent Scan operation",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ParallelScan)
 *
 * @throws ValidationError naming `segment` or `totalSegments`; OutboxStoreError when DynamoDB fails
 *   or an item cannot be read.
 */
export async function scanAggregates(client: DynamoDBClient, query: ScanPageQuery): Promise<ScanPage> {
  const { tableName, segment, totalSegments } = query;
  if (!Number.isInteger(totalSegments) || totalSegments < 1 || totalSegments > 1_000_000)
    throw new ValidationError('scan', [
      { path: 'totalSegments', message: `expected 1 to 1000000, got ${totalSegments}` },
    ]);
  if (!Number.isInteger(segment) || segment < 0 || segment >= totalSegments)
    throw new ValidationError('scan', [
      { path: 'segment', message: `expected 0 to ${totalSegments - 1}, got ${segment}` },
    ]);
  let answer;
  try {
    answer = await client.send(
      new ScanCommand({
        TableName: tableName,
        Segment: segment,
        TotalSegments: totalSegments,
        FilterExpression: '#sk = :aggregate',
        ExpressionAttributeNames: { '#sk': OUTBOX_KEY.sort },
        ExpressionAttributeValues: { ':aggregate': { S: AGGREGATE_SORT_KEY } },
        ...(query.from ? { ExclusiveStartKey: query.from } : {}),
        ...(query.limit ? { Limit: query.limit } : {}),
      }),
    );
  } catch (error) {
    throw new OutboxStoreError(
      `scanning segment ${segment} of ${totalSegments} of ${tableName} failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const snapshots = (answer.Items ?? []).map((item) =>
    snapshotFromItem(
      item,
      item[AGGREGATE_ATTRIBUTES.aggregateType]?.S ?? '',
      item[AGGREGATE_ATTRIBUTES.aggregateId]?.S ?? '',
      tableName,
    ),
  );
  return {
    snapshots,
    scanned: answer.ScannedCount ?? 0,
    ...(answer.LastEvaluatedKey ? { next: answer.LastEvaluatedKey } : {}),
  };
}
