import {
  REKEY_INPUT_TEMPLATE,
  rekeyTargetParameters,
  type DeliveryMode,
  type PerAggregateDelivery,
  type QueueDefinition,
  type SubscriptionDefinition,
} from '@outflow/topology';
import { stringifyExactJson } from '@outflow/core-domain';
import type { LocalEventBus } from '../bus/event-bus';
import { LocalSqsConsumer, type ConsumerStats, type SqsHandler } from '../consumer/sqs-consumer';
import { LocalSqsSourcePipe } from '../pipe/sqs-source-pipe';
import { LocalFifoQueue } from '../queue/fifo-queue';
import type { LocalQueue, LocalQueueOptions } from '../queue/local-queue';
import { localQueueArn } from '../queue/sqs-record';
import { LocalStandardQueue } from '../queue/standard-queue';
import { AWS_TIMERS, type TimeScale } from '../time/time-scale';
import type { DeadLetterEntry } from './dead-letters';
import type { OriginTracker } from './origin-tracker';

export interface SubscriptionRuntimeOptions {
  readonly subscription: SubscriptionDefinition;
  readonly handler: SqsHandler;
  readonly bus: LocalEventBus;
  readonly scale: TimeScale;
  readonly origins: OriginTracker;
  readonly deadLetter: (entry: DeadLetterEntry) => void;
  readonly crashAfterHandlerRate?: number;
  readonly random?: () => number;
  readonly onWarning?: (message: string) => void;
}

/** One subscription as `npm start` shows it. */
export interface SubscriptionStats extends ConsumerStats {
  readonly mode: DeliveryMode;
  readonly maximumConcurrency: number;
  /** Messages in the consumer's queue (waiting and in flight). */
  readonly depth: number;
  /** Messages in the per-aggregate buffer queue (waiting and in flight); absent in `unordered` mode. */
  readonly bufferDepth?: number;
  /** FIFO message groups with a message in flight (per-aggregate). */
  readonly groupsInFlight?: number;
  /** Age of the oldest message in any of the subscription's queues (ms). */
  readonly oldestAgeMs: number;
  /** Dead letters of this subscription, all DLQs together. */
  readonly deadLettered: number;
  /** Dead letters per DLQ, keyed like `DeadLetterEntry.from` (`queue:<name>`, `rule:<name>`). */
  readonly deadLetteredBy: Readonly<Record<string, number>>;
}

/**
 * A subscription's resources on one machine, by delivery mode:
 * - `per-aggregate`: rule → standard buffer queue → re-keying SQS-source Pipe → FIFO queue
 *   (deduplication per message group, as in high-throughput mode) → consumer;
 * - `unordered`: rule → standard queue → consumer.
 * Every timer (visibility timeouts, batching window, deduplication window, rule retries) is the
 * topology's AWS value × the time scale.
 */
export class SubscriptionRuntime {
  readonly queues: LocalQueue[] = [];
  private readonly consumerQueue: LocalQueue;
  private readonly consumer: LocalSqsConsumer;
  private readonly buffer: LocalQueue | undefined;
  private readonly entry: LocalStandardQueue;
  private readonly pipe: LocalSqsSourcePipe | undefined;
  private readonly deadLetteredBy: Record<string, number> = {};

  constructor(private readonly options: SubscriptionRuntimeOptions) {
    const sub = options.subscription;
    const delivery = sub.delivery;
    if (delivery.mode === 'per-aggregate') {
      const fifo = new LocalFifoQueue({
        ...this.queueOptions(`${sub.name}.fifo`, sub.queue),
        deduplicationScope: 'messageGroup',
        deduplicationWindowMs: options.scale.ms(AWS_TIMERS.deduplicationWindowMs),
      });
      const buffer = new LocalStandardQueue(this.queueOptions(`${sub.name}-buffer`, delivery.buffer));
      this.pipe = this.rekeyingPipe(delivery, buffer, fifo);
      this.consumerQueue = fifo;
      this.buffer = buffer;
      this.queues.push(buffer, fifo);
      this.entry = buffer;
      this.addRule(buffer);
    } else {
      const queue = new LocalStandardQueue(this.queueOptions(sub.name, sub.queue));
      this.consumerQueue = queue;
      this.queues.push(queue);
      this.entry = queue;
      this.addRule(queue);
    }
    this.consumer = this.createConsumer();
  }

  /**
   * The queue the bus rule sends to — the buffer queue (`per-aggregate`) or the standard queue
   * (`unordered`) — where an operator's changes (`outflow backfill`) enter: the same path, consumer
   * and DLQs as live changes. Its name is what `SubscriptionStats` and dead letters call it.
   */
  get entryQueue(): LocalStandardQueue {
    return this.entry;
  }

  start(): void {
    this.pipe?.start();
    this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.pipe?.stop();
    await this.consumer.stop();
  }

  stats(): SubscriptionStats {
    const { subscription } = this.options;
    const counts = Object.values(this.deadLetteredBy);
    return {
      ...this.consumer.stats,
      mode: subscription.delivery.mode,
      maximumConcurrency: subscription.consumer.maximumConcurrency,
      depth: this.consumerQueue.depth,
      ...(this.buffer ? { bufferDepth: this.buffer.depth } : {}),
      ...(this.consumerQueue instanceof LocalFifoQueue
        ? { groupsInFlight: this.consumerQueue.groupsInFlight }
        : {}),
      oldestAgeMs: Math.max(0, ...this.queues.map((q) => q.oldestAgeMs())),
      deadLettered: counts.reduce((a, b) => a + b, 0),
      deadLetteredBy: { ...this.deadLetteredBy },
    };
  }

  private readonly deadLetter = (entry: DeadLetterEntry): void => {
    this.deadLetteredBy[entry.from] = (this.deadLetteredBy[entry.from] ?? 0) + 1;
    this.options.deadLetter(entry);
  };

  private queueOptions(name: string, queue: QueueDefinition): LocalQueueOptions {
    this.deadLetteredBy[`queue:${name}`] = 0;
    return {
      name,
      visibilityTimeoutMs: this.options.scale.seconds(queue.visibilityTimeoutSeconds),
      maxReceiveCount: queue.maxReceiveCount,
      onDeadLetter: this.deadLetter,
    };
  }

  /** The rule: the subscription's pattern, InputPath `$.detail`, a standard queue as target. */
  private addRule(target: LocalStandardQueue): void {
    const { subscription: sub, bus, origins } = this.options;
    this.deadLetteredBy[`rule:${sub.name}`] = 0;
    bus.addRule({
      name: sub.name,
      eventPattern: sub.rule.eventPattern,
      maximumRetryAttempts: sub.rule.maximumRetryAttempts,
      onDeadLetter: (event, reason) =>
        this.deadLetter({
          from: `rule:${sub.name}`,
          reason,
          movedAt: new Date().toISOString(),
          payload: event,
        }),
      target: async (event) => {
        const origin = origins.current();
        target.send({
          body: stringifyExactJson(event.detail) as string,
          ...(origin === undefined ? {} : { origin }),
        });
      },
    });
  }

  private rekeyingPipe(
    delivery: PerAggregateDelivery,
    buffer: LocalStandardQueue,
    fifo: LocalFifoQueue,
  ): LocalSqsSourcePipe {
    const parameters = rekeyTargetParameters(delivery);
    return new LocalSqsSourcePipe({
      name: `${this.options.subscription.name}-rekey`,
      source: buffer,
      sourceArn: localQueueArn(buffer.name),
      target: fifo,
      targetArn: localQueueArn(fifo.name),
      inputTemplate: REKEY_INPUT_TEMPLATE,
      messageGroupIdPath: parameters.MessageGroupId,
      deduplicationIdPath: parameters.MessageDeduplicationId,
      batchSize: delivery.pipe.batchSize,
      batchingWindowMs: this.options.scale.seconds(delivery.pipe.maximumBatchingWindowInSeconds),
    });
  }

  private createConsumer(): LocalSqsConsumer {
    const { subscription: sub, handler, crashAfterHandlerRate, random, onWarning } = this.options;
    return new LocalSqsConsumer({
      queue: this.consumerQueue,
      queueArn: localQueueArn(this.consumerQueue.name),
      handler,
      batchSize: sub.consumer.batchSize,
      maximumConcurrency: sub.consumer.maximumConcurrency,
      functionName: `${sub.app}-queueApply`,
      timeoutMs: sub.consumer.timeoutSeconds * 1000,
      ...(crashAfterHandlerRate ? { crashAfterHandlerRate } : {}),
      ...(random ? { random } : {}),
      ...(onWarning ? { onError: onWarning } : {}),
    });
  }
}
