import type { ProjectionEntry } from './projection-store.port';

/**
 * How one aggregate compares between the source and a downstream:
 * - `in-sync`: same version, both live or both deleted, the downstream's hash is what the source
 *   state maps to (or: gone from the source and a tombstone downstream);
 * - `missing`: the source has it, the downstream holds nothing;
 * - `stale`: the downstream holds an older version;
 * - `extra`: the downstream holds a live copy the source no longer has (deleted without a
 *   deletion event);
 * - `differs`: same version but other data (changed behind Outflow's back), live on one side and
 *   deleted on the other, a newer version downstream than in the source, or a source state the
 *   store cannot map.
 *
 * @public
 */
export type DriftKind = 'in-sync' | 'missing' | 'stale' | 'extra' | 'differs';

/** The source's side of one aggregate, with the hash the downstream should hold for it. */
export interface SourceSide {
  readonly version: number;
  readonly deleted: boolean;
  /** `ProjectionStore.expectedHash` of the source state, or why the store would refuse it. */
  readonly expected: { readonly hash: string } | { readonly error: string };
}

export interface Comparison {
  readonly kind: DriftKind;
  /** Why, in a few words, e.g. `version 3 downstream, 5 in the source`. */
  readonly detail: string;
}

/** Compares one aggregate (either side may be absent, not both). Pure. */
export function compareAggregate(
  source: SourceSide | undefined,
  downstream: ProjectionEntry | undefined,
): Comparison {
  if (!source) {
    if (!downstream || downstream.tombstone) return { kind: 'in-sync', detail: 'deleted on both sides' };
    return { kind: 'extra', detail: `version ${downstream.version} downstream, not in the source` };
  }
  if (!downstream)
    return { kind: 'missing', detail: `version ${source.version} in the source, nothing downstream` };
  if (downstream.version < source.version)
    return {
      kind: 'stale',
      detail: `version ${downstream.version} downstream, ${source.version} in the source`,
    };
  if (downstream.version > source.version)
    return {
      kind: 'differs',
      detail: `version ${downstream.version} downstream is newer than the source's ${source.version}`,
    };
  if (downstream.tombstone !== source.deleted)
    return {
      kind: 'differs',
      detail: source.deleted
        ? `deleted in the source at version ${source.version}, live downstream`
        : `live in the source at version ${source.version}, deleted downstream`,
    };
  if ('error' in source.expected)
    return { kind: 'differs', detail: `the store cannot map the source state: ${source.expected.error}` };
  if (source.expected.hash !== downstream.hash)
    return { kind: 'differs', detail: `version ${source.version} on both sides, but other data downstream` };
  return { kind: 'in-sync', detail: `version ${source.version}` };
}
