import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { backfillEvent, type AggregateSnapshot } from '@outflow/core-application';
import { toBusEventDetail } from '@outflow/core-domain';
import { scanAggregates } from '@outflow/dynamodb-outbox';
import type { SourceDefinition } from '@outflow/topology';
import { RateLimiter } from 'limiter';
import { UsageError } from '../../errors';
import type { OpsEnvironment, OpsSourceTable } from '../environment';
import type { ProgressReporter } from '../progress';
import type { OpsTarget } from '../targets';
import {
  checkpointPath,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type BackfillCheckpoint,
  type SegmentState,
} from './checkpoint';
import { ruleMatcher } from './routing';

export interface BackfillOptions {
  /** Parallel Scan segments (TotalSegments). */
  readonly segments: number;
  /** At most this many aggregates read per second (each sends one message per target). */
  readonly rate?: number;
  /** Go on from the checkpoint of an interrupted backfill of the same targets. */
  readonly resume: boolean;
  /** Items DynamoDB evaluates per Scan page (its `Limit`); absent: 1 MB pages. */
  readonly pageSize?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

export interface BackfillResult {
  readonly where: string;
  readonly targets: readonly { readonly name: string; readonly entryQueue: string; readonly sent: number }[];
  readonly segments: number;
  readonly resumed: boolean;
  /** Aggregates read by this run. */
  readonly aggregates: number;
  /** Scan pages read by this run. */
  readonly pagesScanned: number;
  /** Scan pages read by the runs before it (a resumed backfill). */
  readonly pagesBefore: number;
  readonly seconds: number;
  /** Aggregates read per second by this run. */
  readonly aggregatesPerSecond: number;
}

/** The checkpoint to go on from, or a fresh one. @throws UsageError when --resume finds nothing or other segments. */
function startingPoint(
  path: string,
  targets: readonly OpsTarget[],
  sources: readonly OpsSourceTable[],
  options: BackfillOptions,
): BackfillCheckpoint {
  const saved = readCheckpoint(path);
  if (options.resume) {
    if (!saved)
      throw new UsageError(
        `--resume: no interrupted backfill of ${targets.map((t) => t.subscription.name).join(', ')} to resume (no ${path}); run without --resume`,
        false,
      );
    if (saved.segments !== options.segments)
      throw new UsageError(
        `--resume: the interrupted backfill scanned with --segments ${saved.segments}; resume with the same number (a segment's position is only valid for it)`,
        false,
      );
    return saved;
  }
  const fresh = (): SegmentState[] =>
    Array.from({ length: options.segments }, () => ({ done: false, pages: 0, aggregates: 0, items: 0 }));
  return {
    kind: 'outflow-backfill',
    version: 1,
    targets: targets.map((t) => t.subscription.name),
    segments: options.segments,
    startedAt: (options.now?.() ?? new Date()).toISOString(),
    sources: Object.fromEntries(sources.map((s) => [s.source.name, fresh()])),
  };
}

/** Items in the source tables (DescribeTable's ItemCount: an estimate on AWS, refreshed about every 6 hours). */
async function estimatedItems(sources: readonly OpsSourceTable[]): Promise<number | undefined> {
  try {
    let total = 0;
    for (const { client, tableName } of sources)
      total += (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.ItemCount ?? 0;
    return total;
  } catch {
    return undefined;
  }
}

/** Sends one page's aggregates to every target whose rule takes them; counts per target. */
class Sender {
  readonly sent = new Map<string, number>();
  private readonly limiter: RateLimiter | undefined;
  private readonly matchers = new Map<string, (event: ReturnType<typeof backfillEvent>) => boolean>();

  constructor(
    private readonly env: OpsEnvironment,
    private readonly targets: readonly OpsTarget[],
    private readonly options: BackfillOptions,
  ) {
    if (options.rate) this.limiter = new RateLimiter({ tokensPerInterval: options.rate, interval: 'second' });
    for (const t of targets) this.sent.set(t.subscription.name, 0);
  }

  async send(source: SourceDefinition, snapshots: readonly AggregateSnapshot[]): Promise<void> {
    if (this.limiter)
      for (let left = snapshots.length; left > 0; left -= this.options.rate as number)
        await this.limiter.removeTokens(Math.min(left, this.options.rate as number));
    const at = (this.options.now?.() ?? new Date()).toISOString();
    const events = snapshots.map((snapshot) => backfillEvent(snapshot, at));
    await Promise.all(
      this.targets.map(async (target) => {
        const matches = this.matcher(target, source);
        const bodies = events.filter(matches).map((event) => JSON.stringify(toBusEventDetail(event)));
        if (bodies.length === 0) return;
        await this.env.sendToEntryQueue(target, bodies);
        this.sent.set(
          target.subscription.name,
          (this.sent.get(target.subscription.name) ?? 0) + bodies.length,
        );
      }),
    );
  }

  private matcher(target: OpsTarget, source: SourceDefinition) {
    const key = `${target.subscription.name}\u0000${source.name}`;
    const known = this.matchers.get(key) ?? ruleMatcher(target.subscription, source);
    this.matchers.set(key, known);
    return known;
  }
}

/** One segment, page by page until done: scan, send, then save its position. */
async function runSegment(work: {
  table: OpsSourceTable;
  segment: number;
  state: SegmentState;
  checkpoint: BackfillCheckpoint;
  sender: Sender;
  options: BackfillOptions;
  save: () => void;
}): Promise<void> {
  const { table, segment, state, options } = work;
  while (!state.done) {
    const page = await scanAggregates(table.client, {
      tableName: table.tableName,
      segment,
      totalSegments: work.checkpoint.segments,
      ...(state.next ? { from: state.next } : {}),
      ...(options.pageSize ? { limit: options.pageSize } : {}),
    });
    await work.sender.send(table.source, page.snapshots);
    Object.assign(state, {
      next: page.next,
      done: page.next === undefined,
      pages: state.pages + 1,
      aggregates: state.aggregates + page.snapshots.length,
      items: state.items + page.scanned,
    });
    work.save();
  }
}

/**
 * `outflow backfill`: a parallel Scan of every source table (`segments` segments, aggregates only)
 * turning each aggregate's current state into a change at its current version
 * (`backfillEvent`: deterministic id, a tombstone as a deletion), sent to each target's entry
 * queue when its rule takes it. After every page whose changes were all sent, the segment's
 * position is saved in a checkpoint file, so `resume` goes on from there after an interruption
 * (what was sent after the last save is sent again: the same event ids, answered `duplicate`).
 * The checkpoint is removed when every segment is done.
 *
 * @throws UsageError for `--resume` without a checkpoint or with other segments; the
 *   environment's errors (a refused send, a failed scan) — the checkpoint keeps what was done.
 */
export async function runBackfill(
  env: OpsEnvironment,
  targets: readonly OpsTarget[],
  options: BackfillOptions,
  progress: ProgressReporter,
): Promise<BackfillResult> {
  const path = checkpointPath(
    env.stateDir,
    targets.map((t) => t.subscription.name),
  );
  const checkpoint = startingPoint(path, targets, env.sources, options);
  const states = Object.values(checkpoint.sources).flat();
  const pagesBefore = states.reduce((sum, s) => sum + s.pages, 0);
  const aggregatesBefore = states.reduce((sum, s) => sum + s.aggregates, 0);
  const sender = new Sender(env, targets, options);
  const started = Date.now();
  progress.start(`backfill ${checkpoint.targets.join(', ')}`, await estimatedItems(env.sources));
  const itemsDone = () => states.reduce((sum, s) => sum + s.items, 0);
  progress.update(itemsDone());
  writeCheckpoint(path, checkpoint);
  const save = () => {
    writeCheckpoint(path, checkpoint);
    progress.update(itemsDone());
  };
  const work = env.sources.flatMap((table) =>
    (checkpoint.sources[table.source.name] ?? []).map((state, segment) =>
      runSegment({ table, segment, state, checkpoint, sender, options, save }),
    ),
  );
  try {
    await Promise.all(work);
  } finally {
    progress.stop();
  }
  removeCheckpoint(path);
  const seconds = (Date.now() - started) / 1000;
  const aggregates = states.reduce((sum, s) => sum + s.aggregates, 0) - aggregatesBefore;
  return {
    where: env.describe,
    targets: targets.map((t) => ({
      name: t.subscription.name,
      entryQueue: t.entryQueue.name,
      sent: sender.sent.get(t.subscription.name) ?? 0,
    })),
    segments: checkpoint.segments,
    resumed: options.resume,
    aggregates,
    pagesScanned: states.reduce((sum, s) => sum + s.pages, 0) - pagesBefore,
    pagesBefore,
    seconds,
    aggregatesPerSecond: seconds > 0 ? Math.round(aggregates / seconds) : aggregates,
  };
}
