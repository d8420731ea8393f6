import {
  BATCH_ITEM_FAILURE_CHANNEL,
  BATCH_PROCESSED_CHANNEL,
  type BatchItemFailureNotice,
  type BatchProcessedNotice,
} from '@outflow/runtime-lambda';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { localLambdaContext } from '../lambda/lambda-context';
import type { LocalFifoQueue, Received } from '../queue/fifo-queue';

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
  handlerErrors: number;
  crashesInjected: number;
}

export interface SqsConsumerOptions {
  readonly queue: LocalFifoQueue;
  readonly queueArn: string;
  readonly handler: SqsHandler;
  readonly batchSize: number;
  /** Batches in flight at once (Lambda scales up to the number of active message groups). */
  readonly concurrency?: number;
  /** How long a failed message stays invisible before it is delivered again. */
  readonly retryDelayMs: number;
  readonly functionName: string;
  readonly timeoutMs: number;
  /** Fault hook: probability that a batch "crashes" after the handler ran and before the ack. */
  readonly crashAfterHandlerRate?: number;
  readonly random?: () => number;
  readonly onError?: (message: string) => void;
}

const toRecord = ({ message, receiptHandle }: Received, queueArn: string): SQSRecord => ({
  messageId: message.messageId,
  receiptHandle,
  body: message.body,
  attributes: {
    ApproximateReceiveCount: String(message.receiveCount),
    SentTimestamp: String(message.sentAt),
    SenderId: 'AIDAEVENTBRIDGELOCAL',
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    SequenceNumber: message.sequenceNumber,
    MessageGroupId: message.groupId,
    MessageDeduplicationId: message.deduplicationId,
  },
  messageAttributes: {},
  md5OfBody: createHash('md5').update(message.body).digest('hex'),
  eventSource: 'aws:sqs',
  eventSourceARN: queueArn,
  awsRegion: 'local',
});

/**
 * The Lambda event source mapping for an SQS FIFO queue: receives batches (one batch in flight
 * per message group), invokes the handler with the SQS event shape, deletes what succeeded and
 * lets `batchItemFailures` (or a thrown error: the whole batch) become visible again after
 * `retryDelayMs`, keeping the failure reason for the DLQ.
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
    handlerErrors: 0,
    crashesInjected: 0,
  };
  private running = false;
  private workers: Promise<void>[] = [];
  private wake: (() => void) | undefined;
  private readonly reasons = new Map<string, string>();
  private readonly mine = new Set<string>();
  private readonly onFailure = (notice: unknown) => {
    const { messageId, reason } = notice as BatchItemFailureNotice;
    if (this.mine.has(messageId)) this.reasons.set(messageId, reason);
  };
  private readonly onProcessed = (notice: unknown) => {
    const n = notice as BatchProcessedNotice;
    if (!n.messageIds.some((id) => this.mine.has(id))) return;
    this.stats.applied += n.applied;
    this.stats.stale += n.stale;
    this.stats.duplicate += n.duplicate;
  };

  constructor(private readonly options: SqsConsumerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    subscribe(BATCH_ITEM_FAILURE_CHANNEL, this.onFailure);
    subscribe(BATCH_PROCESSED_CHANNEL, this.onProcessed);
    const unlisten = this.options.queue.onMessage(() => this.wake?.());
    const concurrency = this.options.concurrency ?? 2;
    this.workers = Array.from({ length: concurrency }, () => this.work());
    void Promise.all(this.workers).finally(unlisten);
  }

  /** Stops receiving; resolves when the batches in flight have finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await Promise.all(this.workers);
    unsubscribe(BATCH_ITEM_FAILURE_CHANNEL, this.onFailure);
    unsubscribe(BATCH_PROCESSED_CHANNEL, this.onProcessed);
  }

  private async work(): Promise<void> {
    while (this.running) {
      const batch = this.options.queue.receive(this.options.batchSize);
      if (batch.length === 0) {
        const next = this.options.queue.nextVisibilityMs();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(next ?? 200, 200));
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      await this.invoke(batch);
    }
  }

  private async invoke(batch: Received[]): Promise<void> {
    const { queue, handler, queueArn, retryDelayMs } = this.options;
    this.stats.batches += 1;
    this.stats.received += batch.length;
    for (const r of batch) this.mine.add(r.message.messageId);
    let failedIds: Set<string>;
    try {
      const context = localLambdaContext({
        functionName: this.options.functionName,
        timeoutMs: this.options.timeoutMs,
      });
      const response = await handler({ Records: batch.map((r) => toRecord(r, queueArn)) }, context);
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      this.stats.handlerErrors += 1;
      const reason = `handler failed: ${(error as Error).message}`;
      this.options.onError?.(`${this.options.functionName}: ${reason}`);
      for (const r of batch) this.reasons.set(r.message.messageId, reason);
      failedIds = new Set(batch.map((r) => r.message.messageId));
    }
    if (
      this.options.crashAfterHandlerRate &&
      (this.options.random ?? Math.random)() < this.options.crashAfterHandlerRate
    ) {
      // The side effect happened; the ack did not. The messages come back after the timeout.
      this.stats.crashesInjected += 1;
      for (const r of batch)
        queue.release(r.receiptHandle, 'consumer crashed before the ack (fault injected)', retryDelayMs);
      this.forget(batch);
      return;
    }
    for (const r of batch) {
      if (failedIds.has(r.message.messageId)) {
        this.stats.failed += 1;
        queue.release(
          r.receiptHandle,
          this.reasons.get(r.message.messageId) ?? 'reported in batchItemFailures',
          retryDelayMs,
        );
      } else {
        this.stats.acked += 1;
        queue.delete(r.receiptHandle);
      }
    }
    this.forget(batch);
  }

  private forget(batch: Received[]): void {
    for (const r of batch) {
      this.mine.delete(r.message.messageId);
      this.reasons.delete(r.message.messageId);
    }
  }
}
