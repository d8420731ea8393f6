import { sleep } from '@outflow/core-application';
import { validateTopology, type OutflowTopology, type SourceDefinition } from '@outflow/topology';
import { LocalEventBus, type BusFaults, type BusStats } from '../bus/event-bus';
import type { SqsHandler } from '../consumer/sqs-consumer';
import { LocalPipe, type PipeStats } from '../pipe/local-pipe';
import type { CheckpointStore } from '../stream/checkpoints';
import { StreamPoller } from '../stream/stream-poller';
import type { StreamReader } from '../stream/stream-reader';
import { AWS_TIMERS, DEFAULT_TIME_SCALE, TimeScale } from '../time/time-scale';
import type { DeadLetterEntry, DeadLetterSink } from './dead-letters';
import { OriginTracker } from './origin-tracker';
import { SubscriptionRuntime, type SubscriptionStats } from './subscription-runtime';

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
}

export interface RuntimeStats {
  readonly timeScale: number;
  readonly sources: Record<string, PipeStats>;
  readonly bus: BusStats;
  readonly subscriptions: Record<string, SubscriptionStats>;
  readonly deadLetters: number;
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
    const pipe = new LocalPipe({
      name: `${source.name}-pipe`,
      definition: source.pipe,
      sourceArn: wiring.reader.streamArn,
      putEvents: (entries) => this.bus.putEvents(entries),
      onDeadLetter: this.deadLetter,
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
        process: async (records) => {
          const ticket = await this.origins.track(() => pipe.process(records));
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
