import type { AggregateSnapshot, ProjectionEntry, SourceSide } from '@outflow/core-application';
import type { OpsSourceTable } from '../environment';

/** What reconcile reports per subscription. */
type DriftCategory = 'missing' | 'stale' | 'extra' | 'differs' | 'dead-lettered';

/** One aggregate that differs between the source and a downstream. */
export interface Drift {
  readonly subscription: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  category: DriftCategory;
  /** e.g. `version 3 downstream, 5 in the source`. */
  detail: string;
  /** The DLQ message holding its newest change (`dead-lettered`). */
  deadLetter?: { readonly messageId: string; readonly queue: string };
  /** What `--repair` did. */
  repair?: string;
  /** @internal bookkeeping, not printed */
  source?: SourceSide;
  /** @internal */
  snapshot?: AggregateSnapshot;
  /** @internal */
  table?: OpsSourceTable;
  /** @internal */
  downstream?: ProjectionEntry;
}

/** Counts per category, as the summary prints them. */
export interface DriftCounts {
  compared: number;
  inSync: number;
  missing: number;
  stale: number;
  extra: number;
  differs: number;
  deadLettered: number;
}

const emptyCounts = (): DriftCounts => ({
  compared: 0,
  inSync: 0,
  missing: 0,
  stale: 0,
  extra: 0,
  differs: 0,
  deadLettered: 0,
});

const COUNT_OF: Record<DriftCategory, keyof DriftCounts> = {
  missing: 'missing',
  stale: 'stale',
  extra: 'extra',
  differs: 'differs',
  'dead-lettered': 'deadLettered',
};

/** Counts `drifts` (after the grace-period re-check) over `compared` aggregates. */
export function countDrifts(compared: number, drifts: readonly Drift[]): DriftCounts {
  const counts = emptyCounts();
  counts.compared = compared;
  for (const drift of drifts) counts[COUNT_OF[drift.category]] += 1;
  counts.inSync = compared - drifts.length;
  return counts;
}

/** `stale (dead-lettered: <message id>)`, `differs`, … as the report names a drift. */
const driftLabel = (drift: Drift): string =>
  drift.category === 'dead-lettered'
    ? `stale (dead-lettered: ${drift.deadLetter?.messageId})`
    : drift.category;

/** The drift as printed and in --json (bookkeeping left out). */
export const publicDrift = ({ source, snapshot, table, downstream, ...shown }: Drift) => {
  void source;
  void snapshot;
  void table;
  void downstream;
  return { ...shown, label: driftLabel({ ...shown } as Drift) };
};
