import {
  REKEY_INPUT_TEMPLATE,
  rekeyTargetParameters,
  type DeliveryMode,
  type PerAggregateDelivery,
  type QueueDefinition,
  type SubscriptionDefinition,
} from '@outflow/topology';
import { parseExactJson, stringifyExactJson } from '@outflow/core-domain';
import { join } from 'node:path';
import type { BusEvent, LocalEventBus } from '../bus/event-bus';
import { LocalDeadLetterQueue } from '../dead-letter/dead-letter-queue';
import {
  queueDeadLetter,
  ruleDeadLetter,
  type QueueDeadLetterPayload,
} from '../dead-letter/dead-letter-shapes';
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
  /** Where the DLQs keep their messages (one JSON file each); in memory when unset. */
  readonly deadLetterQueueDir?: string;
}

/** What a redrive did. */
export interface RedriveResult {
  readonly deadLetterQueue: string;
  /** Messages moved back (a `queue` DLQ) or re-sent to the entry queue (a `rule` DLQ). */
  readonly moved: number;
  /** Where they went. */
  readonly destination: string;
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
  /** The subscription's DLQs by name: each queue's, and the rule target's. */
  readonly deadLetterQueues = new Map<string, LocalDeadLetterQueue>();
  /** Dead-letter entry `from` (`queue:<name>`, `rule:<name>`) → its DLQ. */
  private readonly dlqByFrom = new Map<string, LocalDeadLetterQueue>();
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

  /**
   * Redrives one of the subscription's DLQs, by its kind: a queue's DLQ is moved back to that
   * queue (`StartMessageMoveTask`: new message ids, a FIFO message keeps its group); a rule's DLQ
   * is read, each event's detail re-sent to the entry queue as the rule target would, and deleted.
   *
   * @throws Error naming the DLQs when `name` is not one of them.
   */
  redrive(name: string): RedriveResult {
    const dlq = this.deadLetterQueues.get(name);
    if (!dlq)
      throw new Error(
        `subscription ${this.options.subscription.name} has no DLQ ${name} (its DLQs: ${[...this.deadLetterQueues.keys()].join(', ')})`,
      );
    const destination =
      dlq.kind === 'rule' ? this.entryQueue : this.queues.find((q) => q.name === dlq.source);
    if (!destination) throw new Error(`DLQ ${name}: its source queue ${dlq.source} is gone`);
    let moved = 0;
    for (const message of dlq.list()) {
      if (dlq.kind === 'rule') {
        const event = parseExactJson(message.body) as BusEvent;
        destination.moveIn({ body: stringifyExactJson(event.detail) as string });
      } else {
        destination.moveIn({
          body: message.body,
          ...(message.groupId === undefined ? {} : { groupId: message.groupId }),
          ...(message.deduplicationId === undefined ? {} : { deduplicationId: message.deduplicationId }),
        });
      }
      dlq.delete([message.messageId]);
      moved += 1;
    }
    return { deadLetterQueue: name, moved, destination: destination.name };
  }

  private readonly deadLetter = (entry: DeadLetterEntry): void => {
    this.deadLetteredBy[entry.from] = (this.deadLetteredBy[entry.from] ?? 0) + 1;
    const dlq = this.dlqByFrom.get(entry.from);
    if (dlq?.kind === 'queue')
      dlq.send(queueDeadLetter(entry.payload as QueueDeadLetterPayload, entry.reason));
    this.options.deadLetter(entry);
  };

  private addDeadLetterQueue(name: string, kind: 'queue' | 'rule', source: string): LocalDeadLetterQueue {
    const dir = this.options.deadLetterQueueDir;
    const dlq = new LocalDeadLetterQueue(name, kind, source, dir ? join(dir, `${name}.json`) : undefined);
    this.deadLetterQueues.set(name, dlq);
    this.dlqByFrom.set(`${kind}:${source}`, dlq);
    return dlq;
  }

  private queueOptions(name: string, queue: QueueDefinition): LocalQueueOptions {
    this.deadLetteredBy[`queue:${name}`] = 0;
    this.addDeadLetterQueue(
      name.endsWith('.fifo') ? `${name.slice(0, -5)}-dlq.fifo` : `${name}-dlq`,
      'queue',
      name,
    );
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
    const dlq = this.addDeadLetterQueue(`${sub.name}-rule-dlq`, 'rule', sub.name);
    const arns = {
      arn: `arn:aws:events:local:000000000000:rule/${bus.name}/${sub.name}`,
      targetArn: localQueueArn(target.name),
      retryAttempts: sub.rule.maximumRetryAttempts,
    };
    bus.addRule({
      name: sub.name,
      eventPattern: sub.rule.eventPattern,
      maximumRetryAttempts: sub.rule.maximumRetryAttempts,
      onDeadLetter: (event, reason) => {
        dlq.send(ruleDeadLetter(event, reason, arns));
        this.deadLetter({
          from: `rule:${sub.name}`,
          reason,
          movedAt: new Date().toISOString(),
          payload: event,
        });
      },
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
