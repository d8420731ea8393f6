import { sleep } from '@outflow/core-application';
import { stringifyExactJson } from '@outflow/core-domain';
import {
  validateTopology,
  type OutflowTopology,
  type SourceDefinition,
  type SubscriptionDefinition,
} from '@outflow/topology';
import { BatchAbandonedError } from '../errors';
import { LocalEventBus, type BusFaults, type BusStats } from '../bus/event-bus';
import { LocalSqsConsumer, type ConsumerStats, type SqsHandler } from '../consumer/sqs-consumer';
import { LocalPipe, type PipeStats } from '../pipe/local-pipe';
import { LocalFifoQueue } from '../queue/fifo-queue';
import type { CheckpointStore } from '../stream/checkpoints';
import { StreamPoller } from '../stream/stream-poller';
import type { StreamReader } from '../stream/stream-reader';
import type { DeadLetterEntry, DeadLetterSink } from './dead-letters';

export interface LocalRuntimeOptions {
  readonly topology: OutflowTopology;
  /** Per source name: its stream and where its checkpoint is kept. */
  readonly sources: Readonly<
    Record<string, { readonly reader: StreamReader; readonly checkpoints: CheckpointStore }>
  >;
  /** Per subscription name: the very Lambda handler the consumer app deploys. */
  readonly handlers: Readonly<Record<string, SqsHandler>>;
  readonly deadLetters: DeadLetterSink;
  /** Local timings (AWS's are minutes; a laptop wants seconds). */
  readonly timing?: {
    /**
     * Wait before the next GetRecords on a shard whose last read was not a full batch. AWS allows
     * 5 GetRecords per second per shard and its pollers read about 4 times a second; a backlog
     * (full batches) is read without waiting. @default 250
     */
    readonly pollIntervalMs?: number;
    /** Before a failed message is delivered again. @default 500 */
    readonly retryDelayMs?: number;
    /** Records per GetRecords. @default 100 */
    readonly pollBatchSize?: number;
  };
  readonly faults?: {
    readonly bus?: BusFaults;
    readonly crashAfterHandlerRate?: number;
    readonly random?: () => number;
  };
  readonly onWarning?: (message: string) => void;
}

export interface RuntimeStats {
  readonly sources: Record<string, PipeStats>;
  readonly bus: BusStats;
  readonly subscriptions: Record<
    string,
    ConsumerStats & { readonly depth: number; readonly oldestAgeMs: number; readonly deadLettered: number }
  >;
  readonly deadLetters: number;
}

/**
 * Runs the topology on one machine: each source's stream is polled (with checkpoints) into its
 * Pipe, the Pipe puts events on the bus, each subscription's rule delivers matching events to its
 * FIFO queue (the rule's fixed message group, content-based deduplication), and a consumer invokes the
 * subscription's Lambda handler. A stream batch's checkpoint is saved only after every message it
 * produced was acknowledged or dead-lettered: killing the process loses nothing and re-reads at
 * most the batch in flight.
 */
export class LocalRuntime {
  readonly bus: LocalEventBus;
  private readonly pipes = new Map<string, LocalPipe>();
  private readonly pollers = new Map<string, StreamPoller>();
  private readonly queues = new Map<string, LocalFifoQueue>();
  private readonly consumers = new Map<string, LocalSqsConsumer>();
  private readonly queueDeadLetters = new Map<string, number>();
  private running = false;
  private loops: Promise<void>[] = [];
  private idleSince = 0;
  private emptyPolls = 0;

  private readonly timing: Required<NonNullable<LocalRuntimeOptions['timing']>>;

  constructor(private readonly options: LocalRuntimeOptions) {
    const topology = validateTopology(options.topology);
    this.timing = { pollIntervalMs: 250, retryDelayMs: 500, pollBatchSize: 100, ...options.timing };
    this.bus = new LocalEventBus(topology.bus.name, {
      ...(options.faults?.bus ? { faults: options.faults.bus } : {}),
    });
    for (const sub of topology.subscriptions) this.wireSubscription(sub);
    for (const source of topology.sources) this.wireSource(source);
  }

  private readonly deadLetter = (entry: DeadLetterEntry): void => this.options.deadLetters.put(entry);

  /** A subscription: its FIFO queue (and DLQ), its rule on the bus, and the consumer invoking its handler. */
  private wireSubscription(sub: SubscriptionDefinition): void {
    const handler = this.options.handlers[sub.name];
    if (!handler)
      throw new Error(`no handler for subscription ${sub.name} (give options.handlers['${sub.name}'])`);
    const queueName = `${sub.name}.fifo`;
    this.queueDeadLetters.set(sub.name, 0);
    const queue = new LocalFifoQueue({
      name: queueName,
      visibilityTimeoutMs: sub.queue.visibilityTimeoutSeconds * 1000,
      maxReceiveCount: sub.queue.maxReceiveCount,
      onDeadLetter: (entry) => {
        this.queueDeadLetters.set(sub.name, (this.queueDeadLetters.get(sub.name) ?? 0) + 1);
        this.deadLetter(entry);
      },
    });
    this.queues.set(sub.name, queue);
    this.bus.addRule({
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
      // Target: InputPath $.detail, the rule target's fixed MessageGroupId (as SqsParameters on
      // AWS, one group per subscription), content-based deduplication by the queue.
      target: async (event) => {
        queue.send({ body: stringifyExactJson(event.detail) as string, groupId: sub.rule.messageGroupId });
      },
    });
    this.consumers.set(sub.name, this.consumerFor(sub, queue, queueName, handler));
  }

  private consumerFor(
    sub: SubscriptionDefinition,
    queue: LocalFifoQueue,
    queueName: string,
    handler: SqsHandler,
  ): LocalSqsConsumer {
    const { faults, onWarning } = this.options;
    return new LocalSqsConsumer({
      queue,
      queueArn: `arn:aws:sqs:local:000000000000:${queueName}`,
      handler,
      batchSize: sub.consumer.batchSize,
      retryDelayMs: this.timing.retryDelayMs,
      functionName: `${sub.app}-queueApply`,
      timeoutMs: sub.consumer.timeoutSeconds * 1000,
      ...(faults?.crashAfterHandlerRate ? { crashAfterHandlerRate: faults.crashAfterHandlerRate } : {}),
      ...(faults?.random ? { random: faults.random } : {}),
      ...(onWarning ? { onError: onWarning } : {}),
    });
  }

  /** A source: its Pipe onto the bus, and the poller reading its stream with checkpoints. */
  private wireSource(source: SourceDefinition): void {
    const wiring = this.options.sources[source.name];
    if (!wiring)
      throw new Error(`no stream for source ${source.name} (give options.sources['${source.name}'])`);
    const pipe = new LocalPipe({
      name: `${source.name}-pipe`,
      definition: source.pipe,
      sourceArn: wiring.reader.streamArn,
      putEvents: (entries) => this.bus.putEvents(entries),
      onDeadLetter: this.deadLetter,
    });
    this.pipes.set(source.name, pipe);
    this.pollers.set(
      source.name,
      new StreamPoller({
        reader: wiring.reader,
        checkpoints: wiring.checkpoints,
        batchSize: this.timing.pollBatchSize,
        startingPosition: source.pipe.startingPosition,
        ...(this.options.onWarning ? { onWarning: this.options.onWarning } : {}),
        process: async (records) => {
          await pipe.process(records);
          await this.settled();
        },
      }),
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const consumer of this.consumers.values()) consumer.start();
    this.loops = [...this.pollers.values()].map((poller) => this.pollLoop(poller));
  }

  /** Stops polling, lets the batch in flight settle, stops the consumers. Checkpoints stay saved. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all([...this.consumers.values()].map((c) => c.stop()));
  }

  /** Resolves once the streams have had nothing new for `quietMs` and every queue is empty. */
  async waitForIdle(options: { quietMs?: number; timeoutMs?: number } = {}): Promise<void> {
    const quiet = options.quietMs ?? 300;
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    // At least two empty polls after this call: records written just before it have been read.
    const polledEmpty = this.emptyPolls + 2;
    for (;;) {
      if (
        this.idleSince > 0 &&
        this.emptyPolls >= polledEmpty &&
        Date.now() - this.idleSince >= quiet &&
        this.queuesEmpty()
      )
        return;
      if (Date.now() > deadline)
        throw new Error(
          `local runtime not idle after ${options.timeoutMs ?? 60_000} ms: ${JSON.stringify(this.stats().subscriptions)}`,
        );
      await sleep(20);
    }
  }

  stats(): RuntimeStats {
    const subscriptions: RuntimeStats['subscriptions'] = {};
    for (const [name, consumer] of this.consumers) {
      const queue = this.queues.get(name) as LocalFifoQueue;
      subscriptions[name] = {
        ...consumer.stats,
        depth: queue.depth,
        oldestAgeMs: queue.oldestAgeMs(),
        deadLettered: this.queueDeadLetters.get(name) ?? 0,
      };
    }
    const sources: Record<string, PipeStats> = {};
    for (const [name, pipe] of this.pipes) sources[name] = { ...pipe.stats };
    return {
      sources,
      bus: { ...this.bus.stats },
      subscriptions,
      deadLetters: this.options.deadLetters.list().length,
    };
  }

  private queuesEmpty(): boolean {
    return [...this.queues.values()].every((q) => q.depth === 0);
  }

  /**
   * Resolves when every queue is empty: all messages acknowledged or dead-lettered. Rejects when
   * the runtime is stopping, so the batch is abandoned without a checkpoint and read again next run.
   */
  private async settled(): Promise<void> {
    while (!this.queuesEmpty()) {
      if (!this.running) throw new BatchAbandonedError();
      await sleep(5);
    }
  }

  private async pollLoop(poller: StreamPoller): Promise<void> {
    while (this.running) {
      try {
        const count = await poller.pollOnce();
        if (count === 0) {
          this.emptyPolls += 1;
          if (this.idleSince === 0) this.idleSince = Date.now();
        } else {
          this.idleSince = 0;
        }
        // A full batch means a backlog: read on at once. Otherwise poll at AWS's pace.
        if (count < this.timing.pollBatchSize) await sleep(this.timing.pollIntervalMs);
      } catch (error) {
        if (error instanceof BatchAbandonedError) return;
        this.options.onWarning?.(`polling failed, retrying: ${(error as Error).message}`);
        await sleep(1000);
      }
    }
  }
}
