import { sleep } from '@outflow/core-application';
import { validateTopology, type OutflowTopology, type SourceDefinition } from '@outflow/topology';
import { join } from 'node:path';
import { LocalBusArchive } from '../bus/bus-archive';
import { LocalEventBus, type BusFaults, type BusStats, type ReplayResult } from '../bus/event-bus';
import { LocalDeadLetterQueue, type DeadLetterQueueInfo } from '../dead-letter/dead-letter-queue';
import { pipeDeadLetter } from '../dead-letter/dead-letter-shapes';
import { redrivePipeDeadLetters } from '../dead-letter/pipe-redrive';
import type { SqsHandler } from '../consumer/sqs-consumer';
import { LocalPipe, type PipeStats } from '../pipe/local-pipe';
import type { LocalStandardQueue } from '../queue/standard-queue';
import type { CheckpointStore } from '../stream/checkpoints';
import { StreamPoller } from '../stream/stream-poller';
import type { StreamReader } from '../stream/stream-reader';
import type { PipeRecord } from '../pipe/local-pipe';
import { AWS_TIMERS, DEFAULT_TIME_SCALE, TimeScale } from '../time/time-scale';
import type { DeadLetterEntry, DeadLetterSink } from './dead-letters';
import { OriginTracker } from './origin-tracker';
import { UnknownSubscriptionError } from '../errors';
import { SubscriptionRuntime, type RedriveResult, type SubscriptionStats } from './subscription-runtime';

export interface LocalRuntimeOptions {
  readonly topology: OutflowTopology;
  /** Per source name: its stream and where its checkpoint is kept. */
  readonly sources: Readonly<
    Record<string, { readonly reader: StreamReader; readonly checkpoints: CheckpointStore }>
  >;
  /** Per subscription name: the very Lambda handler the consumer app deploys. */
  readonly handlers: Readonly<Record<string, SqsHandler>>;
  readonly deadLetters: DeadLetterSink;
  /**
   * ONE factor on every AWS timer the runtime emulates: visibility timeouts (a failed message
   * waits `visibilityTimeout × timeScale`), the Pipe's and the rule's retry backoff, batching
   * windows, the 5-minute deduplication window and the stream polling pace (250 ms × timeScale).
   * 0.001–1. @default 1 (AWS time)
   */
  readonly timeScale?: number;
  /** Records per GetRecords (1–1000). @default 100 */
  readonly pollBatchSize?: number;
  readonly faults?: {
    readonly bus?: BusFaults;
    readonly crashAfterHandlerRate?: number;
    readonly random?: () => number;
  };
  readonly onWarning?: (message: string) => void;
  /** Called with each entry as it is moved to a DLQ (after `deadLetters.put`), e.g. to print it. */
  readonly onDeadLetter?: (entry: DeadLetterEntry) => void;
  /**
   * Where the DLQs (every queue's, every rule target's, every source Pipe's) keep their messages,
   * one JSON file each, so they survive restarts; in memory when unset.
   */
  readonly deadLetterQueueDir?: string;
  /** The bus archive's JSON-lines file (kept `bus.archive.retentionDays`); in memory when unset. */
  readonly archivePath?: string;
}

/** One DLQ and whose it is. */
export interface DeadLetterQueueOwner {
  /** The subscription whose queue or rule writes to it, or, for a Pipe DLQ, undefined. */
  readonly subscription?: string;
  /** The source whose Pipe writes to it (Pipe DLQs). */
  readonly source?: string;
  readonly queue: LocalDeadLetterQueue;
}

export interface RuntimeStats {
  readonly timeScale: number;
  readonly sources: Record<string, PipeStats>;
  readonly bus: BusStats;
  readonly subscriptions: Record<string, SubscriptionStats>;
  readonly deadLetters: number;
  /** Every DLQ: its kind, source and depth. */
  readonly deadLetterQueues: readonly (DeadLetterQueueInfo & { readonly subscription?: string })[];
}

/**
 * Runs the topology on one machine: each source's stream is polled (with checkpoints) into its
 * Pipe, the Pipe puts events on the bus, and each subscription runs in its delivery mode
 * ({@link SubscriptionRuntime}) up to its Lambda handler. A stream batch's checkpoint is saved
 * only after every message it produced was acknowledged or dead-lettered (reading goes on
 * meanwhile): killing the process loses nothing and re-reads only unsettled batches.
 *
 * @throws TopologyValidationError for an invalid topology; InvalidTimeScaleError for a bad
 *   `timeScale`; Error naming a subscription without a handler or a source without a stream.
 */
export class LocalRuntime {
  readonly bus: LocalEventBus;
  readonly scale: TimeScale;
  private readonly pipes = new Map<string, LocalPipe>();
  private readonly pipeDeadLetterQueues = new Map<string, LocalDeadLetterQueue>();
  private readonly pollers = new Map<string, StreamPoller>();
  private readonly subscriptions = new Map<string, SubscriptionRuntime>();
  private readonly origins: OriginTracker;
  private readonly pollBatchSize: number;
  private running = false;
  private loops: Promise<void>[] = [];
  private idleSince = 0;
  private emptyPolls = 0;

  constructor(private readonly options: LocalRuntimeOptions) {
    const topology = validateTopology(options.topology);
    this.scale = new TimeScale(options.timeScale ?? DEFAULT_TIME_SCALE);
    this.pollBatchSize = options.pollBatchSize ?? 100;
    this.bus = new LocalEventBus(topology.bus.name, {
      retryBackoff: this.scale.backoff(AWS_TIMERS.ruleRetry),
      archive: new LocalBusArchive(topology.bus.archive.retentionDays, options.archivePath),
      ...(options.faults?.bus ? { faults: options.faults.bus } : {}),
      origin: () => this.origins.current(),
    });
    // A delivery the bus holds back (a fault) is in flight too: its stream batch is not settled.
    this.origins = new OriginTracker(
      () => [this.bus, ...[...this.subscriptions.values()].flatMap((s) => s.queues)],
      () => this.running,
    );
    for (const subscription of topology.subscriptions) {
      const handler = options.handlers[subscription.name];
      if (!handler)
        throw new Error(
          `no handler for subscription ${subscription.name} (give options.handlers['${subscription.name}'])`,
        );
      const { faults, onWarning } = options;
      this.subscriptions.set(
        subscription.name,
        new SubscriptionRuntime({
          subscription,
          handler,
          bus: this.bus,
          scale: this.scale,
          origins: this.origins,
          deadLetter: this.deadLetter,
          ...(faults?.crashAfterHandlerRate ? { crashAfterHandlerRate: faults.crashAfterHandlerRate } : {}),
          ...(faults?.random ? { random: faults.random } : {}),
          ...(onWarning ? { onWarning } : {}),
          ...(options.deadLetterQueueDir ? { deadLetterQueueDir: options.deadLetterQueueDir } : {}),
        }),
      );
    }
    for (const source of topology.sources) this.wireSource(source);
  }

  private readonly deadLetter = (entry: DeadLetterEntry): void => {
    this.options.deadLetters.put(entry);
    this.options.onDeadLetter?.(entry);
  };

  /** A source: its Pipe onto the bus, and the poller reading its stream with checkpoints. */
  private wireSource(source: SourceDefinition): void {
    const wiring = this.options.sources[source.name];
    if (!wiring)
      throw new Error(`no stream for source ${source.name} (give options.sources['${source.name}'])`);
    const name = `${source.name}-pipe`;
    const dir = this.options.deadLetterQueueDir;
    const dlq = new LocalDeadLetterQueue(
      `${name}-dlq`,
      'pipe',
      name,
      dir ? join(dir, `${name}-dlq.json`) : undefined,
    );
    this.pipeDeadLetterQueues.set(source.name, dlq);
    const where = {
      pipeArn: `arn:aws:pipes:local:000000000000:pipe/${name}`,
      streamArn: wiring.reader.streamArn,
    };
    const pipe = new LocalPipe({
      name,
      definition: source.pipe,
      sourceArn: wiring.reader.streamArn,
      putEvents: (entries) => this.bus.putEvents(entries),
      onDeadLetter: (entry) => {
        dlq.send(
          pipeDeadLetter(entry.payload as PipeRecord, entry.reason, {
            ...where,
            shardId: entry.shardId ?? '',
          }),
        );
        this.deadLetter(entry);
      },
      retryBackoff: this.scale.backoff(AWS_TIMERS.pipeRetry),
    });
    this.pipes.set(source.name, pipe);
    this.pollers.set(
      source.name,
      new StreamPoller({
        reader: wiring.reader,
        checkpoints: wiring.checkpoints,
        batchSize: this.pollBatchSize,
        startingPosition: source.pipe.startingPosition,
        ...(this.options.onWarning ? { onWarning: this.options.onWarning } : {}),
        process: async (records, shardId) => {
          const ticket = await this.origins.track(() => pipe.process(records, shardId));
          return { settled: () => this.origins.settled(ticket) };
        },
      }),
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const subscription of this.subscriptions.values()) subscription.start();
    this.loops = [...this.pollers.values()].map((poller) => this.pollLoop(poller));
  }

  /** Stops polling, lets the batches in flight settle, stops the consumers. Checkpoints stay saved. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all([...this.pollers.values()].map((p) => p.drain()));
    await this.bus.drainHeld();
    await Promise.all([...this.subscriptions.values()].map((s) => s.stop()));
  }

  /**
   * The queue a subscription's rule targets (the buffer queue in `per-aggregate` mode, the
   * consumer's standard queue in `unordered` mode): where a backfill sends changes straight to the
   * subscription, past the bus, to reach the same consumer and DLQs as live changes. A message's
   * body is the bus event's detail (`BusEventDetail` JSON), as the rule's `InputPath: $.detail` delivers it.
   *
   * @throws Error naming the subscription when the topology has none of that name.
   */
  entryQueue(subscription: string): LocalStandardQueue {
    const found = this.subscriptions.get(subscription);
    if (!found)
      throw new Error(
        `no subscription ${subscription} in the topology (known: ${[...this.subscriptions.keys()].join(', ')})`,
      );
    return found.entryQueue;
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

  /** Every DLQ of the runtime and whose it is: each subscription's, then each source Pipe's. */
  deadLetterQueues(): DeadLetterQueueOwner[] {
    return [
      ...[...this.subscriptions].flatMap(([subscription, runtime]) =>
        [...runtime.deadLetterQueues.values()].map((queue) => ({ subscription, queue })),
      ),
      ...[...this.pipeDeadLetterQueues].map(([source, queue]) => ({ source, queue })),
    ];
  }

  /**
   * Redrives one DLQ by name, the way its kind is redriven on AWS: a queue's DLQ back to the queue,
   * a rule's DLQ to the subscription's entry queue, a Pipe's DLQ by re-reading its records from the
   * stream (those the stream no longer holds stay in the DLQ and are reported).
   *
   * @throws Error naming the DLQs when there is no DLQ `name`.
   */
  async redrive(name: string): Promise<RedriveResult & { readonly missing?: readonly string[] }> {
    const owner = this.deadLetterQueues().find((o) => o.queue.name === name);
    if (!owner)
      throw new Error(
        `no DLQ named ${name} (DLQs: ${this.deadLetterQueues()
          .map((o) => o.queue.name)
          .join(', ')})`,
      );
    if (owner.subscription)
      return (this.subscriptions.get(owner.subscription) as SubscriptionRuntime).redrive(name);
    const source = owner.source as string;
    const { reader } = this.options.sources[source] as { reader: StreamReader };
    const pipe = this.pipes.get(source) as LocalPipe;
    return redrivePipeDeadLetters(owner.queue, reader, (records, shardId) => pipe.process(records, shardId));
  }

  /**
   * Replays the bus archive's events of [from, to] to ONE subscription's rule (StartReplay with
   * `Destination.FilterArns` = that rule). Resolves once every replayed event is in the
   * subscription's entry queue; its consumer then applies each or finds it duplicate or stale
   * (`waitForIdle` waits for that).
   *
   * @throws UnknownSubscriptionError naming the subscriptions there are.
   */
  async replay(input: { subscription: string; from: Date; to: Date }): Promise<ReplayResult> {
    this.subscriptionRuntime(input.subscription);
    return this.bus.replay({ ruleName: input.subscription, from: input.from, to: input.to });
  }

  /**
   * Sends message bodies (each a bus event's detail, or a bare outbox event) to a subscription's
   * entry queue ({@link SubscriptionRuntime.entryQueue}), as SQS `SendMessage` would; returns the
   * message ids in order.
   *
   * @throws UnknownSubscriptionError naming the subscriptions there are.
   */
  sendToEntryQueue(subscription: string, bodies: readonly string[]): string[] {
    const queue = this.subscriptionRuntime(subscription).entryQueue;
    return bodies.map((body) => queue.send({ body }));
  }

  /** The subscription runtime of `name`. @throws UnknownSubscriptionError naming the ones there are. */
  subscriptionRuntime(name: string): SubscriptionRuntime {
    const found = this.subscriptions.get(name);
    if (!found) throw new UnknownSubscriptionError(name, [...this.subscriptions.keys()]);
    return found;
  }

  stats(): RuntimeStats {
    const subscriptions: Record<string, SubscriptionStats> = {};
    for (const [name, subscription] of this.subscriptions) subscriptions[name] = subscription.stats();
    const sources: Record<string, PipeStats> = {};
    for (const [name, pipe] of this.pipes) sources[name] = { ...pipe.stats };
    return {
      timeScale: this.scale.factor,
      sources,
      bus: { ...this.bus.stats },
      subscriptions,
      deadLetters: this.options.deadLetters.list().length,
      deadLetterQueues: this.deadLetterQueues().map(({ subscription, queue }) => ({
        ...queue.info(),
        ...(subscription ? { subscription } : {}),
      })),
    };
  }

  private queuesEmpty(): boolean {
    return (
      this.bus.held === 0 &&
      [...this.subscriptions.values()].every((s) => s.queues.every((q) => q.depth === 0))
    );
  }

  private async pollLoop(poller: StreamPoller): Promise<void> {
    const interval = this.scale.ms(AWS_TIMERS.streamPollIntervalMs);
    while (this.running) {
      try {
        const count = await poller.pollOnce();
        if (count === 0) {
          this.emptyPolls += 1;
          if (this.idleSince === 0) this.idleSince = Date.now();
        } else {
          this.idleSince = 0;
        }
        // A full batch means a backlog: read on at once. Otherwise poll at AWS's (scaled) pace.
        if (count < this.pollBatchSize) await sleep(interval);
      } catch (error) {
        // A poll cut short by stop() (its source going away with it) is not worth a warning.
        if (this.running) this.options.onWarning?.(`polling failed, retrying: ${(error as Error).message}`);
        await sleep(1000);
      }
    }
  }
}
