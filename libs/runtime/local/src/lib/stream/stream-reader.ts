import {
  DescribeStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type DynamoDBStreamsClient,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { toLambdaShape } from '@outflow/dynamodb-local';
import { IteratorExpiredError, PositionTrimmedError } from '../errors';
import type { PipeRecord } from '../pipe/local-pipe';

export interface StreamShard {
  readonly shardId: string;
  readonly parentShardId?: string;
  /** The shard has an ending sequence number: once drained, it yields nothing more. */
  readonly closed: boolean;
}

export type ShardPosition =
  | { readonly type: 'TRIM_HORIZON' }
  | { readonly type: 'LATEST' }
  | { readonly type: 'AFTER_SEQUENCE_NUMBER'; readonly sequenceNumber: string }
  | { readonly type: 'AT_SEQUENCE_NUMBER'; readonly sequenceNumber: string };

/** What the poller needs from a stream (DynamoDB Streams, or a fake with several shards). */
export interface StreamReader {
  readonly streamArn: string;
  listShards(): Promise<StreamShard[]>;
  iterator(shardId: string, position: ShardPosition): Promise<string | undefined>;
  /** `nextIterator` undefined: the shard is closed and fully read. */
  getRecords(
    iterator: string,
    limit: number,
  ): Promise<{ records: PipeRecord[]; nextIterator: string | undefined }>;
}

/** A DynamoDB stream read with the SDK (DescribeStream, GetShardIterator, GetRecords). */
export class DynamoDbStreamReader implements StreamReader {
  constructor(
    private readonly client: DynamoDBStreamsClient,
    readonly streamArn: string,
  ) {}

  async listShards(): Promise<StreamShard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.client.send(
        new DescribeStreamCommand({
          StreamArn: this.streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards.map((s) => ({
      shardId: s.ShardId as string,
      ...(s.ParentShardId ? { parentShardId: s.ParentShardId } : {}),
      closed: s.SequenceNumberRange?.EndingSequenceNumber !== undefined,
    }));
  }

  async iterator(shardId: string, position: ShardPosition): Promise<string | undefined> {
    try {
      const { ShardIterator } = await this.client.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shardId,
          ShardIteratorType: position.type,
          ...('sequenceNumber' in position ? { SequenceNumber: position.sequenceNumber } : {}),
        }),
      );
      return ShardIterator;
    } catch (error) {
      if (error instanceof TrimmedDataAccessException)
        throw new PositionTrimmedError(`shard ${shardId}: position trimmed (records are kept 24 h)`, {
          cause: error,
        });
      throw error;
    }
  }

  async getRecords(
    iterator: string,
    limit: number,
  ): Promise<{ records: PipeRecord[]; nextIterator: string | undefined }> {
    try {
      const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
      return {
        records: (page.Records ?? []).map((r) => toLambdaShape(r, this.streamArn) as unknown as PipeRecord),
        nextIterator: page.NextShardIterator,
      };
    } catch (error) {
      if (error instanceof ExpiredIteratorException)
        throw new IteratorExpiredError('shard iterator expired', { cause: error });
      if (error instanceof TrimmedDataAccessException)
        throw new PositionTrimmedError('records trimmed', { cause: error });
      throw error;
    }
  }
}
