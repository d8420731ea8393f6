import type { PipeRecord } from '../pipe/local-pipe';
import type { CheckpointStore, StreamCheckpoint } from './checkpoints';
import { IteratorExpiredError, PositionTrimmedError } from '../errors';
import type { StreamReader, StreamShard } from './stream-reader';

export interface StreamPollerOptions {
  readonly reader: StreamReader;
  readonly checkpoints: CheckpointStore;
  /**
   * Receives each batch read. The checkpoint moves past it after this resolves, or, when it
   * returns `settled`, after the promise `settled()` returns resolves. `settled` is called once
   * every earlier batch is settled (checkpoints are saved in read order; reading goes on
   * meanwhile, up to `maxUnsettledRecords`). A rejection stops saving checkpoints.
   */
  readonly process: (
    records: readonly PipeRecord[],
    /** The shard they were read from. */
    shardId: string,
  ) => Promise<{ readonly settled: () => Promise<void> } | void>;
  /**
   * Records read but not settled before reading waits for them (what a kill may re-read; a
   * poison message holds back the checkpoint, not the reading). @default 10000
   */
  readonly maxUnsettledRecords?: number;
  /** Records per GetRecords (1–1000). */
  readonly batchSize: number;
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  readonly onWarning?: (message: string) => void;
}

/**
 * Reads a stream the way the Pipe's poller does: every shard from its checkpoint (or the starting
 * position), a child shard only after its parent is read to its end, closed shards marked
 * finished. A batch's checkpoint is saved, in read order, once it is processed and settled
 * (`process`), so a restart re-reads only batches not yet settled; reading does not wait for
 * settlement unless `maxUnsettledRecords` are outstanding.
 */
export class StreamPoller {
  private checkpoint: StreamCheckpoint;
  private readonly iterators = new Map<string, string>();
  private shards: StreamShard[] = [];
  private shardsListedAt = 0;
  /** Shards read to their end (their `finished` checkpoint may still wait for settlement). */
  private readonly exhausted = new Set<string>();
  private pending: Promise<void> = Promise.resolve();
  private unsettled = 0;
  private abandoned = false;

  constructor(private readonly options: StreamPollerOptions) {
    const saved = options.checkpoints.load();
    if (saved && saved.streamArn !== options.reader.streamArn) {
      options.onWarning?.(
        `checkpoint is for another stream (${saved.streamArn}); the table was recreated, starting from ${options.startingPosition ?? 'TRIM_HORIZON'}`,
      );
    }
    this.checkpoint =
      saved && saved.streamArn === options.reader.streamArn
        ? saved
        : { streamArn: options.reader.streamArn, shards: {} };
  }

  /** The saved position of each shard. */
  get position(): StreamCheckpoint {
    return this.checkpoint;
  }

  /** Reads one batch from each shard that is ready; returns how many records were processed. */
  async pollOnce(): Promise<number> {
    if (this.unsettled >= (this.options.maxUnsettledRecords ?? 10_000)) await this.pending;
    if (this.shards.length === 0 || Date.now() - this.shardsListedAt > 5_000) {
      this.shards = await this.options.reader.listShards();
      this.shardsListedAt = Date.now();
    }
    let processed = 0;
    for (const shard of this.readyShards()) processed += await this.pollShard(shard);
    return processed;
  }

  /** Shards not finished whose parent is gone from the stream or finished. */
  private readyShards(): StreamShard[] {
    const known = new Set(this.shards.map((s) => s.shardId));
    const finished = (id: string) => this.exhausted.has(id) || this.checkpoint.shards[id]?.finished === true;
    return this.shards.filter(
      (s) =>
        !finished(s.shardId) &&
        (!s.parentShardId || !known.has(s.parentShardId) || finished(s.parentShardId)),
    );
  }

  private async pollShard(shard: StreamShard): Promise<number> {
    let iterator = this.iterators.get(shard.shardId) ?? (await this.newIterator(shard));
    if (!iterator) return this.finish(shard, 0);
    let page: Awaited<ReturnType<StreamReader['getRecords']>>;
    try {
      page = await this.options.reader.getRecords(iterator, this.options.batchSize);
    } catch (error) {
      if (error instanceof IteratorExpiredError) {
        this.iterators.delete(shard.shardId);
        return 0;
      }
      if (error instanceof PositionTrimmedError) {
        this.options.onWarning?.(
          `shard ${shard.shardId}: the checkpoint is older than the stream keeps (24 h); records in between are lost, continuing from the oldest record`,
        );
        this.setShard(shard.shardId, {});
        this.iterators.delete(shard.shardId);
        return 0;
      }
      throw error;
    }
    if (page.records.length > 0) {
      const outcome = await this.options.process(page.records, shard.shardId);
      const last = page.records[page.records.length - 1] as PipeRecord;
      const sequenceNumber = last.dynamodb.SequenceNumber as string;
      this.commit(
        outcome?.settled,
        () => this.setShard(shard.shardId, { sequenceNumber }),
        page.records.length,
      );
    }
    if (page.nextIterator === undefined) return this.finish(shard, page.records.length);
    iterator = page.nextIterator;
    this.iterators.set(shard.shardId, iterator);
    return page.records.length;
  }

  /** Resolves when every batch read so far is settled (or abandoned) and its checkpoint saved. */
  async drain(): Promise<void> {
    await this.pending;
  }

  private finish(shard: StreamShard, count: number): number {
    this.iterators.delete(shard.shardId);
    this.exhausted.add(shard.shardId);
    this.commit(
      undefined,
      () => this.setShard(shard.shardId, { ...this.checkpoint.shards[shard.shardId], finished: true }),
      0,
    );
    this.shardsListedAt = 0; // children may be ready now
    return count;
  }

  /** Saves a checkpoint once `settled` resolves, after every earlier one (never after an abandoned batch). */
  private commit(settled: (() => Promise<void>) | undefined, save: () => void, records: number): void {
    this.unsettled += records;
    // Asked only once every earlier batch settled: one wait at a time, however many are unsettled.
    const ok = async (): Promise<boolean> => {
      if (!settled) return true;
      return settled().then(
        () => true,
        () => false,
      );
    };
    this.pending = this.pending
      .then(ok)
      .then((settledOk) => {
        if (!settledOk) this.abandoned = true;
        if (!this.abandoned) save();
      })
      .finally(() => {
        this.unsettled -= records;
      });
  }

  private async newIterator(shard: StreamShard): Promise<string | undefined> {
    const saved = this.checkpoint.shards[shard.shardId]?.sequenceNumber;
    const position = saved
      ? ({ type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: saved } as const)
      : ({
          type: shard.parentShardId ? 'TRIM_HORIZON' : (this.options.startingPosition ?? 'TRIM_HORIZON'),
        } as const);
    return this.options.reader.iterator(shard.shardId, position);
  }

  private setShard(shardId: string, value: { sequenceNumber?: string; finished?: boolean }): void {
    this.checkpoint = {
      streamArn: this.checkpoint.streamArn,
      shards: { ...this.checkpoint.shards, [shardId]: value },
    };
    this.options.checkpoints.save(this.checkpoint);
  }
}
