import {
  compareAggregate,
  type AggregateSnapshot,
  type ProjectionEntry,
  type SourceSide,
} from '@outflow/core-application';
import { sleep } from '@outflow/core-application';
import { MAX_LIST_LIMIT } from '@outflow/core-application';
import { DynamoDbOutboxStore } from '@outflow/dynamodb-outbox';
import type { DownstreamListing, OpsEnvironment, OpsSourceTable } from '../environment';
import type { ProgressReporter } from '../progress';
import type { OpsTarget } from '../targets';
import { countDrifts, publicDrift, type Drift, type DriftCounts } from './drift';
import { repairDrifts } from './repair';
import { keyOf, scanSources, sourceSides, takenBy } from './source-side';

export interface ReconcileOptions {
  readonly segments: number;
  /** Compare only this many aggregates of the source, drawn at random (extras are then not looked for). */
  readonly sample?: number;
  /** How long a difference must last before it is reported (changes in flight are not drift). */
  readonly graceMs: number;
  readonly repair: boolean;
  readonly pageSize?: number;
  /** @default Math.random */
  readonly random?: () => number;
}

interface ReconcileTargetReport {
  readonly name: string;
  readonly store: string;
  readonly counts: DriftCounts;
  readonly differences: readonly ReturnType<typeof publicDrift>[];
}

export interface ReconcileResult {
  readonly where: string;
  readonly sampled?: number;
  readonly targets: readonly ReconcileTargetReport[];
  /** Aggregates that differ, all targets together (after the re-check). */
  readonly drift: number;
  /** With --repair: drifts no repair could be sent for. */
  readonly unrepaired?: number;
}

/** One subscription's work: its store, and the source sides it is compared with. */
interface Work {
  readonly target: OpsTarget;
  readonly listing: DownstreamListing;
  readonly sides: Map<string, SourceSide>;
  readonly where: Map<string, { table: OpsSourceTable; snapshot?: AggregateSnapshot }>;
  readonly types: Set<string>;
}

/** Every entry the store lists for `types`, page by page. */
async function listAll(
  listing: DownstreamListing,
  types: Iterable<string>,
  onEntry: (aggregateType: string, entry: ProjectionEntry) => void,
): Promise<void> {
  for (const aggregateType of types) {
    let cursor: string | undefined;
    do {
      const page = await listing.list({
        aggregateType,
        limit: MAX_LIST_LIMIT,
        ...(cursor ? { cursor } : {}),
      });
      for (const entry of page.items) onEntry(aggregateType, entry);
      cursor = page.nextCursor;
    } while (cursor);
  }
}

/** Scans the sources once for every target: their source sides (all, or a random sample). */
async function scanPhase(
  works: readonly Work[],
  env: OpsEnvironment,
  options: ReconcileOptions,
  progress: ProgressReporter,
) {
  const sample: { table: OpsSourceTable; snapshot: AggregateSnapshot }[] = [];
  const random = options.random ?? Math.random;
  let seen = 0;
  let items = 0;
  progress.start('reconcile: scanning the source', undefined);
  await scanSources(
    env.sources,
    options.segments,
    async (table, snapshots, scanned) => {
      for (const work of works) for (const t of [table.source.aggregateType]) work.types.add(t);
      if (options.sample !== undefined)
        for (const snapshot of snapshots) {
          seen += 1;
          if (sample.length < options.sample) sample.push({ table, snapshot });
          else {
            const slot = Math.floor(random() * seen);
            if (slot < options.sample) sample[slot] = { table, snapshot };
          }
        }
      else for (const work of works) await addSides(work, table, snapshots);
      progress.update((items += scanned));
    },
    options.pageSize,
  );
  progress.stop();
  for (const { table, snapshot } of sample) for (const work of works) await addSides(work, table, [snapshot]);
}

async function addSides(work: Work, table: OpsSourceTable, snapshots: readonly AggregateSnapshot[]) {
  const taken = takenBy(work.target, table)(snapshots);
  for (const s of taken) work.types.add(s.aggregateType);
  for (const [key, side] of await sourceSides(work.listing, taken)) {
    work.sides.set(key, side);
    work.where.set(key, { table });
  }
}

/** Compares a target's source sides with what its store lists; `only`: look at these keys alone. */
async function comparePhase(work: Work, sampled: boolean, only?: ReadonlySet<string>): Promise<Drift[]> {
  const drifts: Drift[] = [];
  const remaining = new Set(only ?? work.sides.keys());
  const name = work.target.subscription.name;
  const judge = (aggregateType: string, aggregateId: string, entry: ProjectionEntry | undefined) => {
    const key = keyOf(aggregateType, aggregateId);
    const source = work.sides.get(key);
    const { kind, detail } = compareAggregate(source, entry);
    if (kind === 'in-sync') return;
    drifts.push({
      subscription: name,
      aggregateType,
      aggregateId,
      category: kind,
      detail,
      ...(source ? { source } : {}),
      ...(entry ? { downstream: entry } : {}),
      ...(work.where.get(key) ? { table: work.where.get(key)?.table } : {}),
    } as Drift);
  };
  await listAll(work.listing, work.types, (aggregateType, entry) => {
    const key = keyOf(aggregateType, entry.aggregateId);
    if (only ? !only.has(key) : sampled && !work.sides.has(key)) return;
    remaining.delete(key);
    judge(aggregateType, entry.aggregateId, entry);
  });
  for (const key of remaining) {
    const [aggregateType = '', aggregateId = ''] = key.split(/#(.*)/s);
    judge(aggregateType, aggregateId, undefined);
  }
  return drifts;
}

/** The source table holding aggregates of `aggregateType`. */
const tableFor = (env: OpsEnvironment, aggregateType: string): OpsSourceTable | undefined =>
  env.sources.find((t) => t.source.aggregateType === aggregateType) ?? env.sources[0];

/** Reads the drifted aggregates from the source again (consistent reads) and refreshes their sides. */
async function refreshSources(env: OpsEnvironment, work: Work, drifts: readonly Drift[]): Promise<void> {
  for (const drift of drifts) {
    const key = keyOf(drift.aggregateType, drift.aggregateId);
    const table = work.where.get(key)?.table ?? tableFor(env, drift.aggregateType);
    const snapshot = table
      ? await new DynamoDbOutboxStore({ tableName: table.tableName, client: table.client }).load(
          drift.aggregateType,
          drift.aggregateId,
        )
      : undefined;
    if (!snapshot || !table) {
      work.sides.delete(key);
      continue;
    }
    const [side] = (await sourceSides(work.listing, [snapshot])).values();
    if (side) work.sides.set(key, side);
    work.where.set(key, { table, snapshot });
  }
}

/** Marks stale or missing aggregates whose newest change sits in one of the target's DLQs. */
async function markDeadLettered(env: OpsEnvironment, work: Work, drifts: readonly Drift[]): Promise<void> {
  const candidates = drifts.filter((d) => (d.category === 'stale' || d.category === 'missing') && d.source);
  if (candidates.length === 0) return;
  const held = await env.deadLettered(work.target);
  for (const drift of candidates) {
    const letter = held.find(
      (c) =>
        c.aggregateType === drift.aggregateType &&
        c.aggregateId === drift.aggregateId &&
        c.version === drift.source?.version,
    );
    if (!letter) continue;
    drift.category = 'dead-lettered';
    drift.deadLetter = { messageId: letter.messageId, queue: letter.queue };
  }
}

/**
 * Compares one target after the scan: a first comparison, then — for what differs — a wait of
 * the grace period, a consistent re-read of those aggregates in the source and a fresh listing of
 * the store: only what still differs is drift. Stale and missing aggregates whose newest change
 * sits in a DLQ are marked dead-lettered.
 */
async function reconcileTarget(
  env: OpsEnvironment,
  work: Work,
  options: ReconcileOptions,
  progress: ProgressReporter,
) {
  const name = work.target.subscription.name;
  progress.start(`reconcile ${name}: comparing`, work.sides.size);
  const first = await comparePhase(work, options.sample !== undefined);
  progress.update(work.sides.size);
  progress.stop();
  const compared = new Set([...work.sides.keys(), ...first.map((d) => keyOf(d.aggregateType, d.aggregateId))])
    .size;
  if (first.length === 0) return { compared, drifts: first };
  if (options.graceMs > 0) await sleep(options.graceMs);
  await refreshSources(env, work, first);
  const again = await comparePhase(
    work,
    false,
    new Set(first.map((d) => keyOf(d.aggregateType, d.aggregateId))),
  );
  for (const drift of again)
    drift.snapshot = work.where.get(keyOf(drift.aggregateType, drift.aggregateId))?.snapshot;
  await markDeadLettered(env, work, again);
  return { compared, drifts: again };
}

/**
 * `outflow reconcile`: scans the source once (parallel segments) and, per target, enumerates its
 * store through `ProjectionStore.list`, comparing version, tombstone and the hash of the fields
 * the store keeps (`expectedHash` of the source state). What differs is re-checked after the
 * grace period; what still differs is reported by category. With `repair`, drifted aggregates
 * are repaired ({@link repairDrifts}).
 */
export async function runReconcile(
  env: OpsEnvironment,
  targets: readonly OpsTarget[],
  options: ReconcileOptions,
  progress: ProgressReporter,
): Promise<ReconcileResult> {
  const works: Work[] = [];
  try {
    for (const target of targets)
      works.push({
        target,
        listing: await env.openDownstream(target),
        sides: new Map(),
        where: new Map(),
        types: new Set(),
      });
    await scanPhase(works, env, options, progress);
    const reports: ReconcileTargetReport[] = [];
    const all: Drift[] = [];
    for (const work of works) {
      const { compared, drifts } = await reconcileTarget(env, work, options, progress);
      all.push(...drifts);
      reports.push({
        name: work.target.subscription.name,
        store: work.listing.describe,
        counts: countDrifts(compared, drifts),
        differences: [],
      });
    }
    const unrepaired = options.repair
      ? await repairDrifts(
          env,
          works.map((w) => w.target),
          all,
        )
      : undefined;
    return {
      where: env.describe,
      ...(options.sample !== undefined ? { sampled: options.sample } : {}),
      targets: reports.map((r) => ({
        ...r,
        differences: all.filter((d) => d.subscription === r.name).map(publicDrift),
      })),
      drift: all.length,
      ...(unrepaired === undefined ? {} : { unrepaired }),
    };
  } finally {
    for (const work of works) await work.listing.dispose();
  }
}
