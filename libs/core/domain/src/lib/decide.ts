import { applied, duplicate, stale, type ChangeOutcome } from './outcome';

/**
 * What a downstream holds for one aggregate: nothing, a live copy at a version, or a tombstone at
 * the deleting version (so a late, older upsert cannot resurrect it). The decision needs only the
 * version (`Holding`, the default, carries no state); a store reading its copy back returns
 * `Holding<AggregateState>`, whose `present` case also carries `state` (`ProjectionStore.read`).
 */
export type Holding<TState = never> =
  | { readonly kind: 'absent' }
  | PresentHolding<TState>
  | { readonly kind: 'tombstone'; readonly version: number };

/** The `present` case of {@link Holding}: `state` is there unless `TState` is `never`. */
type PresentHolding<TState = never> = { readonly kind: 'present'; readonly version: number } & ([
  TState,
] extends [never]
  ? unknown
  : { readonly state: TState });

/** The parts of an incoming change the decision needs. */
export interface IncomingChange {
  readonly aggregateVersion: number;
  readonly deleted?: boolean;
}

export type Decision =
  | { readonly kind: 'applied'; readonly next: Exclude<Holding, { kind: 'absent' }> }
  | { readonly kind: 'stale'; readonly heldVersion: number }
  | { readonly kind: 'duplicate'; readonly reason: 'event-already-applied' | 'version-already-held' };

/**
 * The ordering and idempotency rule (docs/architecture.md, rule 3), a pure function of what the
 * downstream holds and the incoming change. Outcomes are decided by VERSION alone, so a store
 * without applied-event markers (a search index answering one 409 for "older or equal") keeps
 * the same contract:
 * - a newer version is applied; a deletion leaves a tombstone at its version;
 * - the version the downstream holds (live or tombstone) is a duplicate;
 * - an older version is stale, also against a tombstone, so a late upsert cannot resurrect a
 *   deleted row.
 *
 * `eventAlreadyApplied` (the store has a marker for this aggregate and event id) only refines
 * the reason of an equal-version duplicate: the same event again, or another event of the same
 * committed change. A marker never turns a newer version into a duplicate.
 */
export function decide(holding: Holding, change: IncomingChange, eventAlreadyApplied = false): Decision {
  if (holding.kind !== 'absent') {
    if (change.aggregateVersion === holding.version)
      return {
        kind: 'duplicate',
        reason: eventAlreadyApplied ? 'event-already-applied' : 'version-already-held',
      };
    if (change.aggregateVersion < holding.version) return { kind: 'stale', heldVersion: holding.version };
  }
  const next = change.deleted
    ? ({ kind: 'tombstone', version: change.aggregateVersion } as const)
    : ({ kind: 'present', version: change.aggregateVersion } as const);
  return { kind: 'applied', next };
}

/** The outcome a decision reports. */
export function outcomeOf(decision: Decision): ChangeOutcome {
  switch (decision.kind) {
    case 'applied':
      return applied;
    case 'stale':
      return stale(decision.heldVersion);
    case 'duplicate':
      return duplicate;
  }
}
