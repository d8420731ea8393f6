import {
  BATCH_ITEM_FAILURE_CHANNEL,
  BATCH_PROCESSED_CHANNEL,
  type BatchItemFailureNotice,
  type BatchProcessedNotice,
} from '@outflow/runtime-lambda';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { localLambdaContext } from '../lambda/lambda-context';
import type { LocalQueue, Received } from '../queue/local-queue';
import { toSqsRecord } from '../queue/sqs-record';
import { Workers } from './workers';

/** A Lambda handler for SQS events, exactly as deployed (partial batch responses honoured). */
export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface ConsumerStats {
  batches: number;
  received: number;
  acked: number;
  failed: number;
  applied: number;
  stale: number;
  duplicate: number;
  /** Permanent failures the handler reported, moved to the DLQ at once. */
  deadLettered: number;
  handlerErrors: number;
  crashesInjected: number;
  /** Batches being handled right now (at most `maximumConcurrency`). */
  inFlightBatches: number;
}

export interface SqsConsumerOptions {
  /** The subscription's queue: FIFO (per-aggregate) or standard (unordered). */
  readonly queue: LocalQueue;
  readonly queueArn: string;
  readonly handler: SqsHandler;
  /** Messages per invocation (1–10). */
  readonly batchSize: number;
  /**
   * `ScalingConfig.MaximumConcurrency`: batches handled at once. On a FIFO queue a batch only
   * holds messages of groups with nothing in flight, so two batches never share a group and at
   * most min(active groups, maximumConcurrency) run at once, as Lambda does.
   */
  readonly maximumConcurrency: number;
  readonly functionName: string;
  readonly timeoutMs: number;
  /** Fault hook: probability that a batch "crashes" after the handler ran and before the ack. */
  readonly crashAfterHandlerRate?: number;
  readonly random?: () => number;
  readonly onError?: (message: string) => void;
}

/**
 * The Lambda event source mapping for an SQS queue: up to `maximumConcurrency` batches at once,
 * the handler invoked with the SQS event shape, succeeded messages deleted. A message reported
 * in `batchItemFailures` (or every message of a batch that threw) is not deleted and stays
 * invisible for the queue's visibility timeout, as on AWS: Outflow's consumer does not call
 * ChangeMessageVisibility (docs/aws-semantics.md). Its failure reason is kept for the DLQ. A
 * failure the handler marks permanent (`BatchItemFailureNotice.permanent`: oversized, malformed)
 * goes to the DLQ at once, as the deployed handler sends it there itself with its DLQ sender.
 */
export class LocalSqsConsumer {
  readonly stats: ConsumerStats = {
    batches: 0,
    received: 0,
    acked: 0,
    failed: 0,
    applied: 0,
    stale: 0,
    duplicate: 0,
    deadLettered: 0,
    handlerErrors: 0,
    crashesInjected: 0,
    inFlightBatches: 0,
  };
  private readonly workers: Workers<Received>;
  private readonly reasons = new Map<string, string>();
  private readonly mine = new Set<string>();
  private readonly permanent = new Set<string>();
  private readonly onFailure = (notice: unknown) => {
    const { messageId, reason, permanent } = notice as BatchItemFailureNotice;
    if (!this.mine.has(messageId)) return;
    this.reasons.set(messageId, reason);
    if (permanent) this.permanent.add(messageId);
  };
  private readonly onProcessed = (notice: unknown) => {
    const n = notice as BatchProcessedNotice;
    if (!n.messageIds.some((id) => this.mine.has(id))) return;
    this.stats.applied += n.applied;
    this.stats.stale += n.stale;
    this.stats.duplicate += n.duplicate;
  };

  constructor(private readonly options: SqsConsumerOptions) {
    this.workers = new Workers({
      count: options.maximumConcurrency,
      queue: options.queue,
      take: () => options.queue.receive(options.batchSize),
      run: (batch) => this.invoke(batch),
    });
  }

  start(): void {
    if (this.workers.running) return;
    subscribe(BATCH_ITEM_FAILURE_CHANNEL, this.onFailure);
    subscribe(BATCH_PROCESSED_CHANNEL, this.onProcessed);
    this.workers.start();
  }

  /** Stops receiving; resolves when the batches in flight have finished. */
  async stop(): Promise<void> {
    await this.workers.stop();
    unsubscribe(BATCH_ITEM_FAILURE_CHANNEL, this.onFailure);
    unsubscribe(BATCH_PROCESSED_CHANNEL, this.onProcessed);
  }

  private async invoke(batch: Received[]): Promise<void> {
    this.stats.batches += 1;
    this.stats.received += batch.length;
    this.stats.inFlightBatches += 1;
    for (const r of batch) this.mine.add(r.message.messageId);
    try {
      const failedIds = await this.call(batch);
      this.settle(batch, failedIds);
    } finally {
      this.stats.inFlightBatches -= 1;
      for (const r of batch) {
        this.mine.delete(r.message.messageId);
        this.reasons.delete(r.message.messageId);
        this.permanent.delete(r.message.messageId);
      }
    }
  }

  /** Invokes the handler; returns the ids to leave for a retry (all of them when it threw). */
  private async call(batch: Received[]): Promise<Set<string>> {
    const { handler, queueArn, functionName, timeoutMs } = this.options;
    try {
      const context = localLambdaContext({ functionName, timeoutMs });
      const response = await handler({ Records: batch.map((r) => toSqsRecord(r, queueArn)) }, context);
      return new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      this.stats.handlerErrors += 1;
      const reason = `handler failed: ${(error as Error).message}`;
      this.options.onError?.(`${functionName}: ${reason}`);
      for (const r of batch) this.reasons.set(r.message.messageId, reason);
      return new Set(batch.map((r) => r.message.messageId));
    }
  }

  private settle(batch: Received[], failedIds: Set<string>): void {
    const { queue, crashAfterHandlerRate, random } = this.options;
    if (crashAfterHandlerRate && (random ?? Math.random)() < crashAfterHandlerRate) {
      // The side effect happened; the ack did not. The messages come back after the visibility
      // timeout; one the handler had failed keeps its own reason.
      this.stats.crashesInjected += 1;
      for (const r of batch) {
        const id = r.message.messageId;
        const own = failedIds.has(id) ? (this.reasons.get(id) ?? 'reported in batchItemFailures') : undefined;
        queue.fail(r.receiptHandle, own ?? 'consumer crashed before the ack (fault injected)');
      }
      return;
    }
    for (const r of batch) {
      if (failedIds.has(r.message.messageId) && this.permanent.has(r.message.messageId)) {
        // What the deployed handler does with its DLQ sender: dead-lettered now, group unblocked.
        this.stats.deadLettered += 1;
        queue.deadLetterNow(r.receiptHandle, this.reasons.get(r.message.messageId) ?? 'permanent failure');
      } else if (failedIds.has(r.message.messageId)) {
        this.stats.failed += 1;
        queue.fail(r.receiptHandle, this.reasons.get(r.message.messageId) ?? 'reported in batchItemFailures');
      } else {
        this.stats.acked += 1;
        queue.delete(r.receiptHandle);
      }
    }
  }
}
