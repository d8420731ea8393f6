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
 * downstream holds and the incoming change:
 * - an event id the downstream already applied is a duplicate;
 * - a version the downstream already holds is a duplicate (the same change delivered again);
 * - an older version is stale, also against a tombstone, so a late upsert cannot resurrect a
 *   deleted row;
 * - a newer version is applied; a deletion leaves a tombstone at its version.
 */
export function decide(holding: Holding, change: IncomingChange, eventAlreadyApplied = false): Decision {
  if (eventAlreadyApplied) return { kind: 'duplicate', reason: 'event-already-applied' };
  if (holding.kind !== 'absent') {
    if (change.aggregateVersion === holding.version)
      return { kind: 'duplicate', reason: 'version-already-held' };
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
