import type { PipeRecord } from '../src/lib/pipe/local-pipe';
import type { ShardPosition, StreamReader, StreamShard } from '../src/lib/stream/stream-reader';

interface FakeShard extends StreamShard {
  readonly records: PipeRecord[];
}

/**
 * A stream with several shards and lineage (DynamoDB Local always has one shard): shards are
 * listed with their parents; a closed shard's iterator ends after its last record.
 */
export class FakeStream implements StreamReader {
  readonly streamArn = 'arn:aws:dynamodb:local:000000000000:table/fake/stream/2026-01-01T00:00:00.000';
  readonly reads: string[] = [];
  constructor(private readonly shards: FakeShard[]) {}

  async listShards(): Promise<StreamShard[]> {
    return this.shards.map(({ shardId, parentShardId, closed }) => ({
      shardId,
      closed,
      ...(parentShardId ? { parentShardId } : {}),
    }));
  }

  async iterator(shardId: string, position: ShardPosition): Promise<string> {
    const shard = this.shard(shardId);
    const index =
      position.type === 'AFTER_SEQUENCE_NUMBER'
        ? shard.records.findIndex((r) => r.dynamodb.SequenceNumber === position.sequenceNumber) + 1
        : position.type === 'LATEST'
          ? shard.records.length
          : 0;
    return `${shardId}@${index}`;
  }

  async getRecords(
    iterator: string,
    limit: number,
  ): Promise<{ records: PipeRecord[]; nextIterator: string | undefined }> {
    const [shardId, at] = iterator.split('@') as [string, string];
    const shard = this.shard(shardId);
    const records = shard.records.slice(Number(at), Number(at) + limit);
    this.reads.push(...records.map((r) => r.eventID));
    const next = Number(at) + records.length;
    return {
      records,
      nextIterator: shard.closed && next >= shard.records.length ? undefined : `${shardId}@${next}`,
    };
  }

  /** Appends records to an open shard, as new writes would. */
  append(shardId: string, ...records: PipeRecord[]): void {
    this.shard(shardId).records.push(...records);
  }

  private shard(id: string): FakeShard {
    const shard = this.shards.find((s) => s.shardId === id);
    if (!shard) throw new Error(`no shard ${id}`);
    return shard;
  }
}
